package org.vsclab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class AtomGridImageTest {

    private static final int MID_GRAY = 0x808080;
    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;

    @Test
    void squareAtomsOfLength64InAGridOf128() throws IOException {
        BufferedImage image = decode(AtomGridImage.png(random(64, 128, 1), 2));
        // 8×8 tiles; ceil(sqrt(128)) = 12 grid columns, ceil(128 / 12) = 11 grid rows;
        // each tile plus one separator is 9 pixels, plus the outer separator: 12·9+1 = 109 by 11·9+1 = 100,
        // doubled by the pixel scale.
        assertThat(image.getWidth()).isEqualTo(218);
        assertThat(image.getHeight()).isEqualTo(200);
    }

    @Test
    void nonSquareAtomLengthUsesTheFactorisationClosestToSquare() throws IOException {
        // D = 12 → 3 rows × 4 columns per tile; K = 5 → 3 grid columns, 2 grid rows.
        BufferedImage image = decode(AtomGridImage.png(random(12, 5, 2), 3));
        assertThat(image.getWidth()).isEqualTo((3 * (4 + 1) + 1) * 3);
        assertThat(image.getHeight()).isEqualTo((2 * (3 + 1) + 1) * 3);
    }

    @Test
    void tileShapes() {
        assertThat(AtomGridImage.tileShape(64)).containsExactly(8, 8);
        assertThat(AtomGridImage.tileShape(12)).containsExactly(3, 4);
        assertThat(AtomGridImage.tileShape(784)).containsExactly(28, 28);
        assertThat(AtomGridImage.tileShape(18)).containsExactly(3, 6);
        assertThat(AtomGridImage.tileShape(13)).containsExactly(1, 13);
        assertThat(AtomGridImage.tileShape(1)).containsExactly(1, 1);
    }

    @Test
    void singlePositiveEntryIsWhiteOnMidGray() throws IOException {
        // D = 9 (3×3 tile), one atom with +1 at index 5 = tile row 1, column 2.
        double[] atom = new double[9];
        atom[5] = 1;
        int scale = 4;
        BufferedImage image = decode(AtomGridImage.png(new Matrix(9, 1, atom), scale));
        assertThat(image.getWidth()).isEqualTo(5 * scale);
        assertThat(image.getHeight()).isEqualTo(5 * scale);

        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                int expected = y == 1 && x == 2 ? WHITE : MID_GRAY;
                // Every image pixel of the scale×scale block has the value (nearest neighbour).
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        assertThat(rgb(image, (1 + x) * scale + dx, (1 + y) * scale + dy))
                                .as("tile pixel (%d, %d)", x, y).isEqualTo(expected);
                    }
                }
            }
        }
        // The frame is the separator colour, neither gray nor an atom value.
        assertThat(rgb(image, 0, 0)).isEqualTo(AtomGridImage.SEPARATOR_RGB);
        assertThat(rgb(image, 4 * scale, 2 * scale)).isEqualTo(AtomGridImage.SEPARATOR_RGB);
    }

    @Test
    void eachTileIsScaledByItsOwnMaximum() throws IOException {
        // Atom 0: max |v| = 2, so 2 → 255, -2 → 0, 1 → 128 + 63.5 → 192 (rounded), -1 → 64.
        // Atom 1: tiny values, scaled by its own max, so its +max is still white.
        Matrix m = new Matrix(4, 2, new double[] {
            2, 1e-6,
            -2, 0,
            1, -1e-6,
            -1, 0});
        BufferedImage image = decode(AtomGridImage.png(m, 1));
        // 2×2 tiles; 2 grid columns, 1 grid row: width 2·3+1 = 7, height 1·3+1 = 4.
        assertThat(image.getWidth()).isEqualTo(7);
        assertThat(image.getHeight()).isEqualTo(4);
        assertThat(rgb(image, 1, 1)).isEqualTo(WHITE);
        assertThat(rgb(image, 2, 1)).isEqualTo(BLACK);
        assertThat(rgb(image, 1, 2)).isEqualTo(gray(192));
        assertThat(rgb(image, 2, 2)).isEqualTo(gray(64));
        assertThat(rgb(image, 4, 1)).isEqualTo(WHITE);
        assertThat(rgb(image, 5, 1)).isEqualTo(MID_GRAY);
        assertThat(rgb(image, 4, 2)).isEqualTo(BLACK);
    }

    @Test
    void allZeroAtomIsUniformMidGrayAndUnusedCellsAreSeparatorColour() throws IOException {
        // K = 2 → 2 grid columns, 1 row; both cells used. K = 3 → 2 columns, 2 rows, one unused cell.
        BufferedImage image = decode(AtomGridImage.png(new Matrix(4, 3, new double[12]), 1));
        assertThat(image.getWidth()).isEqualTo(7);
        assertThat(image.getHeight()).isEqualTo(7);
        for (int y = 1; y <= 2; y++) {
            for (int x = 1; x <= 2; x++) {
                assertThat(rgb(image, x, y)).isEqualTo(MID_GRAY);     // first tile
                assertThat(rgb(image, x + 3, y)).isEqualTo(MID_GRAY); // second tile
                assertThat(rgb(image, x, y + 3)).isEqualTo(MID_GRAY); // third tile
                assertThat(rgb(image, x + 3, y + 3)).isEqualTo(AtomGridImage.SEPARATOR_RGB); // unused
            }
        }
    }

    @Test
    void atomsAreSortedByNormLargestFirst() throws IOException {
        // D = 4 (2×2 tiles). Atom j is a single spike at position j with height h_j; every spike renders
        // white, so the position of the white pixel identifies which atom a tile shows.
        double[] heights = {1, 5, 2, 3};
        double[] data = new double[16];
        for (int j = 0; j < 4; j++) {
            data[j * 4 + j] = heights[j]; // row j, column j
        }
        BufferedImage image = decode(AtomGridImage.png(new Matrix(4, 4, data), 1));
        // Grid 2×2; tile slots in reading order should show atoms 1 (norm 5), 3 (3), 2 (2), 0 (1).
        int[] expectedAtomPerSlot = {1, 3, 2, 0};
        for (int slot = 0; slot < 4; slot++) {
            int x0 = 1 + (slot % 2) * 3;
            int y0 = 1 + (slot / 2) * 3;
            int spike = expectedAtomPerSlot[slot];
            for (int p = 0; p < 4; p++) {
                assertThat(rgb(image, x0 + p % 2, y0 + p / 2))
                        .as("slot %d, pixel %d", slot, p)
                        .isEqualTo(p == spike ? WHITE : MID_GRAY);
            }
        }
    }

    @Test
    void rejectsEmptyDictionariesAndBadScales() {
        assertThatThrownBy(() -> AtomGridImage.png(new Matrix(0, 3, new double[0]), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> AtomGridImage.png(random(4, 2, 3), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixelScale");
        assertThatThrownBy(() -> AtomGridImage.png(random(784, 1024, 3), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smaller pixelScale");
    }

    @Test
    void grayMapping() {
        assertThat(AtomGridImage.gray(0, 1)).isEqualTo(128);
        assertThat(AtomGridImage.gray(1, 1)).isEqualTo(255);
        assertThat(AtomGridImage.gray(-1, 1)).isEqualTo(0);
        assertThat(AtomGridImage.gray(Double.NaN, 1)).isEqualTo(128);
        assertThat(AtomGridImage.gray(Double.POSITIVE_INFINITY, 1)).isEqualTo(255);
        assertThat(AtomGridImage.gray(0, 0)).isEqualTo(128);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    private static int gray(int g) {
        return g << 16 | g << 8 | g;
    }

    private static Matrix random(int d, int k, long seed) {
        Random random = new Random(seed);
        double[] data = new double[d * k];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return new Matrix(d, k, data);
    }
}
