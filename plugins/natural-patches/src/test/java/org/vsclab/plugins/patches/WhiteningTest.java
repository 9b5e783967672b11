package org.vsclab.plugins.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;

class WhiteningTest {

    private final Whitening filter = new Whitening(0.4);

    @Test
    void aPlaneWaveIsAnEigenfunctionWithTheFiltersGain() {
        // cos(2π(3x + 5y)/64) on a 64×64 torus: circular filtering multiplies it by R(|f|), f = (3, 5)/64.
        int n = 64;
        float[] pixels = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                pixels[y * n + x] = (float) Math.cos(2 * Math.PI * (3 * x + 5 * y) / n);
            }
        }
        GreyImage out = filter.apply(new GreyImage("wave", n, n, pixels));
        double f = Math.sqrt(3 * 3 + 5 * 5) / n;
        double gain = f * Math.exp(-Math.pow(f / 0.4, 4));
        for (int i = 0; i < pixels.length; i++) {
            assertThat((double) out.pixels()[i]).isCloseTo(gain * pixels[i], within(1e-6));
        }
    }

    @Test
    void removesTheMean() {
        float[] pixels = new float[16 * 16];
        java.util.Arrays.fill(pixels, 0.7f);
        for (float v : filter.apply(new GreyImage("flat", 16, 16, pixels)).pixels()) {
            assertThat((double) v).isCloseTo(0, within(1e-6));
        }
    }

    @Test
    void gainIsZeroAtDcAndSmallPastTheCutoff() {
        assertThat(filter.gain(0)).isZero();
        assertThat(filter.gain(0.2)).isCloseTo(0.2 * Math.exp(-1.0 / 16), within(1e-12));
        assertThat(filter.gain(0.7)).isLessThan(0.7 * 1e-3);
    }

    @Test
    void matchesNumpyOnASquareImage() throws Exception {
        compareWithNumpy("square");
    }

    @Test
    void matchesNumpyOnAnImageWhoseSidesAreNotPowersOfTwo() throws Exception {
        compareWithNumpy("odd");   // 37 × 50, mirrored to 64 × 64 and cropped back
    }

    private void compareWithNumpy(String name) throws Exception {
        NpyArray in = Npy.read(fixture("whiten_in_" + name + ".npy"));
        NpyArray expected = Npy.read(fixture("whiten_out_" + name + ".npy"));
        int h = (int) in.shape()[0];
        int w = (int) in.shape()[1];
        GreyImage out = filter.apply(new GreyImage(name, h, w, in.toFloats()));
        double[] e = expected.toDoubles();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertThat((double) out.pixels()[i]).as("pixel %d", i).isCloseTo(e[i], within(2e-6 * Math.max(1, scale)));
        }
    }

    @Test
    void mirrorsIndicesSymmetrically() {
        assertThat(Whitening.mirror(-1, 5)).isEqualTo(0);
        assertThat(Whitening.mirror(-2, 5)).isEqualTo(1);
        assertThat(Whitening.mirror(5, 5)).isEqualTo(4);
        assertThat(Whitening.mirror(6, 5)).isEqualTo(3);
        assertThat(Whitening.nextPowerOfTwo(37)).isEqualTo(64);
        assertThat(Whitening.nextPowerOfTwo(64)).isEqualTo(64);
    }

    static Path fixture(String name) throws Exception {
        return Path.of(WhiteningTest.class.getResource("/fixtures/" + name).toURI());
    }
}
