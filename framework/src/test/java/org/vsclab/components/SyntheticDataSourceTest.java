package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;
import org.vsclab.testing.Stats;

/** The synthetic source: exact sparsity, the generative model, determinism. */
class SyntheticDataSourceTest {

    private static SyntheticDataSource source(long seed, double noise) {
        return new SyntheticDataSource(new SyntheticDataSource.Spec(16, 24, 3, SyntheticDataSource.Amplitude.GAUSSIAN,
                2.0, noise, 2000, 100, seed));
    }

    @Test
    void everySampleIsExactlyKAtomsOfTheTrueDictionary() {
        SyntheticDataSource data = source(1, 0);
        Matrix codes = data.trueCodes();
        Matrix phi = data.trueDictionary().orElseThrow();
        float[] x = new float[16];
        for (int s = 0; s < 50; s++) {
            int active = 0;
            for (int a = 0; a < 24; a++) {
                active += codes.get(s, a) != 0 ? 1 : 0;
            }
            assertThat(active).isEqualTo(3);
            FloatBuffer buffer = FloatBuffer.wrap(x);
            data.train().copyRows(new int[] {s}, buffer);
            for (int r = 0; r < 16; r++) {
                double expected = 0;
                for (int a = 0; a < 24; a++) {
                    expected += phi.get(r, a) * codes.get(s, a);
                }
                assertThat((double) x[r]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void amplitudesHaveTheConfiguredScaleAndNoiseTheConfiguredSigma() {
        SyntheticDataSource data = source(2, 0.5);
        Matrix codes = data.trueCodes();
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (double v : codes.data()) {
            if (v != 0) {
                sum += v;
                sumSquares += v * v;
                n++;
            }
        }
        // N(0, 2²): E[a²] = 4, Var(a²) = 2·16 = 32.
        Stats.assertMean("E[a²]", sumSquares / n, Math.sqrt(32), 4.0, n);
        Stats.assertMean("E[a]", sum / n, 2.0, 0.0, n);
    }

    @Test
    void theSameSeedGivesTheSameProblemAndAnotherSeedAnother() {
        assertThat(source(7, 0.1).identity()).isEqualTo(source(7, 0.1).identity());
        assertThat(source(7, 0.1).identity().get("vsc.data.train.sha256"))
                .isNotEqualTo(source(8, 0.1).identity().get("vsc.data.train.sha256"));
    }

    @Test
    void signedExponentialAmplitudesAreBoundedAwayFromZeroWithTheirClosedFormMoment() {
        // a = ±s(0.5 + E), E ~ Exp(1): |a| ≥ s/2 and E[a²] = s²(0.25 + 1 + 2) = 3.25 s²; Var(a²) = s⁴(39.5625 − 3.25²).
        double scale = 2;
        SyntheticDataSource data = new SyntheticDataSource(new SyntheticDataSource.Spec(16, 24, 3,
                SyntheticDataSource.Amplitude.SIGNED_EXPONENTIAL, scale, 0, 10_000, 10, 3));
        double sum = 0;
        int n = 0;
        for (double a : data.trueCodes().data()) {
            if (a != 0) {
                assertThat(Math.abs(a)).isGreaterThanOrEqualTo(scale / 2);
                sum += a * a;
                n++;
            }
        }
        assertThat(n).isEqualTo(30_000);
        double sd = Math.pow(scale, 2) * Math.sqrt((39.5625 - 3.25 * 3.25) / n);
        assertThat(sum / n).isCloseTo(3.25 * scale * scale, within(5 * sd));
    }
}
