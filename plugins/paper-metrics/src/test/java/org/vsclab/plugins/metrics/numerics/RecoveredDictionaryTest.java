package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class RecoveredDictionaryTest {

    @Test
    void noiseFreeDataGiveBackTheDictionaryAndUnusedAtomsAreZero() {
        Random random = new Random(4);
        int d = 6;
        int k = 4;
        int n = 50;
        double[] phi = new double[d * k];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = random.nextGaussian();
        }
        // Codes use atoms 0–2 only; x = Φz exactly.
        double[] z = new double[n * k];
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                z[i * k + a] = random.nextDouble() < 0.6 ? random.nextGaussian() : 0;
            }
            for (int r = 0; r < d; r++) {
                for (int a = 0; a < k; a++) {
                    x[i * d + r] += phi[r * k + a] * z[i * k + a];
                }
            }
        }
        Matrix recovered = RecoveredDictionary.of(new Matrix(n, d, x), new Matrix(n, k, z));
        for (int r = 0; r < d; r++) {
            for (int a = 0; a < 3; a++) {
                assertThat(recovered.get(r, a)).isCloseTo(phi[r * k + a], within(1e-9));
            }
            assertThat(recovered.get(r, 3)).isCloseTo(0, within(1e-12));
        }
    }
}
