package org.vsclab.plugins.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void colourPhotographsBecomeLumaWithScikitImagesWeights() throws Exception {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);
        rgb.setRGB(2, 0, (10 << 16) | (20 << 8) | 30);
        Path file = dir.resolve("colour.png");
        ImageIO.write(rgb, "png", file.toFile());

        GreyImage grey = ImageFiles.readPhotograph(file);

        assertThat(grey.name()).isEqualTo("colour");
        assertThat(grey.height()).isEqualTo(1);
        assertThat(grey.width()).isEqualTo(3);
        assertThat((double) grey.at(0, 0)).isCloseTo(0.2125, within(1e-6));
        assertThat((double) grey.at(0, 1)).isCloseTo(0.7154, within(1e-6));
        assertThat((double) grey.at(0, 2)).isCloseTo((0.2125 * 10 + 0.7154 * 20 + 0.0721 * 30) / 255, within(1e-6));
    }

    @Test
    void greyPhotographsKeepTheirStoredValues() throws Exception {
        BufferedImage g8 = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(1, 0, 0, 128);
        g8.getRaster().setSample(0, 1, 0, 255);
        ImageIO.write(g8, "png", dir.resolve("g8.png").toFile());
        BufferedImage g16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 40000);
        ImageIO.write(g16, "png", dir.resolve("g16.png").toFile());

        List<GreyImage> images = ImageFiles.readFolder(dir);

        assertThat(images).extracting(GreyImage::name).containsExactly("g16", "g8");
        assertThat((double) images.get(0).at(0, 0)).isCloseTo(40000 / 65535.0, within(1e-7));
        GreyImage eight = images.get(1);
        assertThat(eight.at(0, 0)).isZero();
        assertThat((double) eight.at(0, 1)).isCloseTo(128 / 255.0, within(1e-7));
        assertThat((double) eight.at(1, 0)).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void readsJpegs() throws Exception {
        BufferedImage rgb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                rgb.setRGB(x, y, 0x808080);
            }
        }
        ImageIO.write(rgb, "jpg", dir.resolve("grey.jpg").toFile());
        GreyImage image = ImageFiles.readFolder(dir).get(0);
        assertThat(image.width()).isEqualTo(20);
        assertThat((double) image.at(5, 10)).isCloseTo(128 / 255.0, within(0.02));   // JPEG is lossy
    }

    @Test
    void badFilesAreNamedInTheError() throws Exception {
        Path missing = dir.resolve("nope.png");
        assertThatThrownBy(() -> ImageFiles.readPhotograph(missing)).isInstanceOf(IOException.class)
                .hasMessage(missing + " does not exist");
        Path broken = dir.resolve("broken.png");
        Files.writeString(broken, "not a png");
        assertThatThrownBy(() -> ImageFiles.readPhotograph(broken)).hasMessageStartingWith(broken.toString());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> ImageFiles.readFolder(empty)).hasMessage(empty + " contains no PNG or JPEG files");
    }

    @Test
    void readsTheImagesOfAMatFileWrittenByScipy() throws Exception {
        // images.mat: IMAGES[r, c, i] = r + 10c + 100i (0-based), 6 × 5 × 3, written by scipy.io.savemat.
        List<GreyImage> images = ImageFiles.readMat(WhiteningTest.fixture("images.mat"), "IMAGES");
        assertThat(images).extracting(GreyImage::name).containsExactly("IMAGES[1]", "IMAGES[2]", "IMAGES[3]");
        for (int i = 0; i < 3; i++) {
            GreyImage image = images.get(i);
            assertThat(image.height()).isEqualTo(6);
            assertThat(image.width()).isEqualTo(5);
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 5; c++) {
                    assertThat(image.at(r, c)).isEqualTo(r + 10 * c + 100 * i);
                }
            }
        }
    }

    @Test
    void aMissingVariableListsTheOnesThere() throws Exception {
        Path mat = WhiteningTest.fixture("images.mat");
        assertThatThrownBy(() -> ImageFiles.readMat(mat, "IMGS")).isInstanceOf(IOException.class)
                .hasMessageContaining("has no variable 'IMGS'").hasMessageContaining("IMAGES").hasMessageContaining("other");
        Path notMat = dir.resolve("IMAGES.mat");
        Files.writeString(notMat, "this is not a MAT-file at all, just some text that is long enough to have a header");
        assertThatThrownBy(() -> ImageFiles.readMat(notMat, "IMAGES")).hasMessageStartingWith(notMat + " cannot be read as a MATLAB v5 MAT-file");
    }
}
