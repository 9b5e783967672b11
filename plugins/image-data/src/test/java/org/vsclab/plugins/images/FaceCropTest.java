package org.vsclab.plugins.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The crop-and-resize against PIL 9.4 ({@code fixtures/make_fixtures.py}: torchvision's CenterCrop(140)
 * and Resize(64) on the same formula image): every one of the 12,288 values equal.
 */
class FaceCropTest {

    /** The formula image of make_fixtures.py, 178×218. */
    static BufferedImage formulaImage() {
        BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                int[] c = new int[3];
                for (int ch = 0; ch < 3; ch++) {
                    c[ch] = (7 * x + 13 * y + 50 * ch + (x * y) % 31 + (x / 9) * 17) % 256;
                }
                image.setRGB(x, y, c[0] << 16 | c[1] << 8 | c[2]);
            }
        }
        return image;
    }

    /** Reads the fixture (64, 64, 3) uint8 .npy: its last 12,288 bytes. */
    static int[] fixture() throws IOException {
        try (InputStream in = FaceCropTest.class.getResourceAsStream("/fixtures/celeba_preprocessed.npy")) {
            byte[] all = in.readAllBytes();
            int[] out = new int[64 * 64 * 3];
            int offset = all.length - out.length;
            for (int i = 0; i < out.length; i++) {
                out[i] = all[offset + i] & 0xff;
            }
            return out;
        }
    }

    @Test
    void matchesTorchvisionOnPilExactly() throws IOException {
        float[] ours = FaceCrop.apply(formulaImage(), false);
        int[] pil = fixture();   // (y, x, c)
        int differences = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                for (int c = 0; c < 3; c++) {
                    int value = Math.round(ours[c * 4096 + y * 64 + x] * 255);
                    if (value != pil[(y * 64 + x) * 3 + c]) {
                        differences++;
                    }
                }
            }
        }
        assertThat(differences).as("values that differ from PIL's").isZero();
    }

    @Test
    void mirroringFlipsEachRow() {
        float[] plain = FaceCrop.apply(formulaImage(), false);
        float[] mirrored = FaceCrop.apply(formulaImage(), true);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    assertThat(mirrored[c * 4096 + y * 64 + x]).isEqualTo(plain[c * 4096 + y * 64 + 63 - x]);
                }
            }
        }
    }

    @Test
    void refusesImagesSmallerThanTheCrop() {
        assertThatThrownBy(() -> FaceCrop.apply(new BufferedImage(100, 218, BufferedImage.TYPE_INT_RGB), false))
                .hasMessage("is 100×218, smaller than the 140×140 centre crop");
    }
}
