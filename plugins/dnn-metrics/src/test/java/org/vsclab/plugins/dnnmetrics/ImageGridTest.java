package org.vsclab.plugins.dnnmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The grid's layout and pixel values, read back from the PNG. */
class ImageGridTest {

    @Test
    void greyImagesAreLaidOutInRowsWithSeparatorsAndScaled() throws IOException {
        float[] ramp = {0f, 0.5f, 1f, 2f, -1f, Float.NaN};             // 2×3, values clipped to [0, 1]
        float[] flat = {0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f};
        byte[] png = ImageGrid.png(new float[][][] {{ramp, flat}, {flat}}, 1, 2, 3, 2);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // 2 columns of 3·2 px and 2 rows of 2·2 px, with 2-px gaps around and between.
        assertThat(image.getWidth()).isEqualTo(2 + 2 * (6 + 2));
        assertThat(image.getHeight()).isEqualTo(2 + 2 * (4 + 2));
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(ImageGrid.SEPARATOR_RGB);
        assertThat(grey(image, 2, 2)).isEqualTo(0);          // ramp (0, 0)
        assertThat(grey(image, 3, 3)).isEqualTo(0);          // same pixel, scaled ×2
        assertThat(grey(image, 4, 2)).isEqualTo(128);        // ramp (0, 1) = 0.5
        assertThat(grey(image, 6, 2)).isEqualTo(255);        // ramp (0, 2) = 1
        assertThat(grey(image, 2, 4)).isEqualTo(255);        // ramp (1, 0) = 2, clipped
        assertThat(grey(image, 4, 4)).isEqualTo(0);          // −1, clipped
        assertThat(grey(image, 6, 4)).isEqualTo(0);          // NaN
        assertThat(grey(image, 10, 2)).isEqualTo(51);        // second image, 0.2
        assertThat(image.getRGB(10, 8) & 0xffffff).isEqualTo(ImageGrid.SEPARATOR_RGB); // second row has one image
    }

    @Test
    void threeChannelsAreRgb() throws IOException {
        float[] pixel = {1f, 0.5f, 0f};                         // 1×1: R = 1, G = 0.5, B = 0
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ImageGrid.png(new float[][][] {{pixel}}, 3, 1, 1, 1)));
        assertThat(image.getRGB(2, 2) & 0xffffff).isEqualTo(0xff8000);
    }

    private static int grey(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        assertThat(rgb & 0xff).isEqualTo((rgb >> 8) & 0xff).isEqualTo((rgb >> 16) & 0xff);
        return rgb & 0xff;
    }
}
