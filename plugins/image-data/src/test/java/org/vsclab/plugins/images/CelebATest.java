package org.vsclab.plugins.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CelebA from a small folder of generated JPEGs laid out as the real data set, and its bad files. */
@Timeout(120)   // a hang, not speed: decoding is slow on a loaded machine
class CelebATest {

    @TempDir
    Path dir;

    /** Writes n 178×218 JPEGs (image i: a gradient shifted by i) with attribute and partition files. */
    private void folder(int n, int[] partitions) throws IOException {
        Path images = Files.createDirectories(dir.resolve("img_align_celeba"));
        List<String> attributes = new ArrayList<>(List.of(Integer.toString(n), String.join(" ", attributeNames())));
        List<String> partition = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 218; y++) {
                for (int x = 0; x < 178; x++) {
                    image.setRGB(x, y, ((x + 20 * i) % 256) << 16 | (y % 256) << 8 | (40 * i) % 256);
                }
            }
            String name = String.format("%06d.jpg", i + 1);
            ImageIO.write(image, "jpg", images.resolve(name).toFile());
            StringBuilder line = new StringBuilder(name);
            for (int a = 0; a < 40; a++) {
                line.append(a == i % 40 ? "  1" : " -1");
            }
            attributes.add(line.toString());
            partition.add(name + " " + partitions[i]);
        }
        Files.write(dir.resolve("list_attr_celeba.txt"), attributes);
        Files.write(dir.resolve("list_eval_partition.txt"), partition);
    }

    private static List<String> attributeNames() {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < 40; a++) {
            names.add("Attribute_" + a);
        }
        return names;
    }

    @Test
    void readsThePartitionsAndDecodesEachImageAsFaceCropDoes() throws IOException {
        folder(8, new int[] {0, 0, 2, 0, 1, 0, 2, 2});
        try (CelebA data = new CelebA(dir, 3, 2, 2, true, 2)) {
            assertThat(data.train().size()).isEqualTo(3);
            assertThat(data.train().files()).extracting(p -> p.getFileName().toString()).containsExactly("000001.jpg", "000002.jpg", "000004.jpg");
            assertThat(data.validation().files()).extracting(p -> p.getFileName().toString()).containsExactly("000003.jpg", "000007.jpg");
            assertThat(data.train().attributes(2)[3]).isEqualTo((byte) 1);
            assertThat(data.train().attributes(2)[4]).isZero();
            assertThat(data.attributeNames()).hasSize(40);
            FloatBuffer out = FloatBuffer.allocate(2 * 3 * 64 * 64);
            data.validation().copyRows(new int[] {1, 0}, out);
            float[] expected = FaceCrop.apply(ImageIO.read(dir.resolve("img_align_celeba/000007.jpg").toFile()), false);
            assertThat(Arrays.copyOfRange(out.array(), 0, expected.length)).containsExactly(expected);
        }
        try (CelebA all = new CelebA(dir, 0, 0, 1, false, 1)) {
            assertThat(all.train().size()).isEqualTo(4);
            assertThat(all.validation().size()).isEqualTo(1);
        }
    }

    @Test
    void flipsAreSeededPerBatchAndMirrorTheImage() throws IOException {
        folder(6, new int[] {0, 0, 0, 0, 0, 2});
        try (CelebA data = new CelebA(dir, 0, 0, 2, true, 2)) {
            int[] rows = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0};
            float[] a = copy(data.train(), rows, new SplittableRandom(5));
            float[] b = copy(data.train(), rows, new SplittableRandom(5));
            assertThat(a).containsExactly(b);
            float[] plain = copy(data.train(), rows, null);
            SplittableRandom coins = new SplittableRandom(5);
            int mirrored = 0;
            int wrong = 0;
            int d = 3 * 64 * 64;
            for (int i = 0; i < rows.length; i++) {
                boolean flip = coins.nextBoolean();
                mirrored += flip ? 1 : 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 64; x++) {
                            float expected = plain[i * d + c * 4096 + y * 64 + (flip ? 63 - x : x)];
                            wrong += a[i * d + c * 4096 + y * 64 + x] == expected ? 0 : 1;
                        }
                    }
                }
            }
            assertThat(wrong).as("values that are not the plain image, mirrored where the coin said so").isZero();
            assertThat(mirrored).as("some of the 16 coins came up each way").isBetween(1, 15);
        }
        try (CelebA noFlip = new CelebA(dir, 0, 0, 2, false, 1)) {
            int[] rows = {0, 1, 2};
            assertThat(copy(noFlip.train(), rows, new SplittableRandom(5))).containsExactly(copy(noFlip.train(), rows, null));
        }
    }

    private static float[] copy(JpegFaces split, int[] rows, SplittableRandom random) {
        FloatBuffer out = FloatBuffer.allocate(rows.length * split.dimension());
        if (random == null) {
            split.copyRows(rows, out);
        } else {
            split.copyRows(rows, out, random);
        }
        return out.array();
    }

    @Test
    void aMissingFolderOrAttributeFileSaysWhereToPutTheData() {
        Path missing = dir.resolve("celeba");
        assertThatThrownBy(() -> new CelebA(missing, 0, 0, 2, true, 1))
                .hasMessageStartingWith(missing + ": no such folder. Put CelebA's aligned images (img_align_celeba/000001.jpg …)"
                        + " and list_attr_celeba.txt there");
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1))
                .hasMessageStartingWith(dir.resolve("list_attr_celeba.txt") + ": no such file. Put CelebA's");
    }

    @Test
    void aFileThatIsNotAJpegOrIsCutShortIsNamed() throws IOException {
        folder(4, new int[] {0, 0, 0, 2});
        Path images = dir.resolve("img_align_celeba");
        Files.writeString(images.resolve("000002.jpg"), "this is not a picture");
        byte[] jpeg = Files.readAllBytes(images.resolve("000003.jpg"));
        Files.write(images.resolve("000003.jpg"), Arrays.copyOf(jpeg, 300));
        try (CelebA data = new CelebA(dir, 0, 0, 2, true, 2)) {
            FloatBuffer out = FloatBuffer.allocate(2 * data.train().dimension());
            assertThatThrownBy(() -> data.train().copyRows(new int[] {0, 1}, out)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(images.resolve("000002.jpg") + ": not an image file");
            FloatBuffer again = FloatBuffer.allocate(data.train().dimension());
            assertThatThrownBy(() -> data.train().copyRows(new int[] {2}, again))
                    .hasMessageContaining(images.resolve("000003.jpg").toString());
        }
        // The first image of a split is decoded at start-up: a folder of non-images fails before training.
        Files.writeString(images.resolve("000001.jpg"), "GIF89a nonsense");
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1)).isInstanceOf(ImageDataException.class)
                .hasMessageStartingWith(images.resolve("000001.jpg") + ": not a readable JPEG");
    }

    @Test
    void aBadAttributeFileOrAMissingImageIsNamedWithItsLine() throws IOException {
        folder(3, new int[] {0, 0, 2});
        Path list = dir.resolve("list_attr_celeba.txt");
        List<String> lines = Files.readAllLines(list);
        Files.write(list, List.of("2000000000", lines.get(1), lines.get(2)));
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1)).hasMessage(list + ":1: declares 2000000000 images; the file is corrupt");
        Files.write(list, List.of("3", lines.get(1), lines.get(2), lines.get(3).replace(" -1", " 7"), lines.get(4)));
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1)).hasMessageContaining(list + ":4: attribute Attribute_0 is '7'");
        Files.write(list, List.of("5", lines.get(1), lines.get(2), lines.get(3), lines.get(4)));
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1)).hasMessage(list + ": declares 5 images but lists 3; the file is truncated or corrupt");
        Files.write(list, lines);
        Files.delete(dir.resolve("img_align_celeba/000002.jpg"));
        assertThatThrownBy(() -> new CelebA(dir, 0, 0, 2, true, 1))
                .hasMessageStartingWith(dir.resolve("img_align_celeba/000002.jpg") + ": no such file, though list_attr_celeba.txt lists it");
    }
}
