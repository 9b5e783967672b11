package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientSnrTest {

    @Test
    void snrIsTheAbsoluteMeanOverThePopulationStd() {
        GradientSnr snr = new GradientSnr(3);
        snr.add(new float[] {1, -2, 5});
        snr.add(new float[] {3, -2, -5});
        // element 0: mean 2, std 1; element 1: mean −2, std 0 → 2/1e-9; element 2: mean 0 → 0.
        double[] s = snr.perElement();
        assertThat(s[0]).isCloseTo(2 / (1 + 1e-9), within(1e-12));
        assertThat(s[1]).isCloseTo(2e9, within(1e-3));
        assertThat(s[2]).isZero();
        assertThat(GradientSnr.summarise(new double[] {1, Double.NaN, 3, 10})).isEqualTo(new GradientSnr.Summary(14 / 3.0, 3));
    }

    @Test
    void recoversTheSnrOfGaussianGradientsWithinSamplingError() {
        // Every element: N(0.5, 2²), SNR 0.25. With n passes the estimate's standard deviation per element is
        // about √((1 + SNR²/2)/n); the mean over m elements divides that by √m.
        int n = 1000;
        int m = 2000;
        GradientSnr snr = new GradientSnr(m);
        SplittableRandom random = new SplittableRandom(5);
        float[] g = new float[m];
        for (int pass = 0; pass < n; pass++) {
            for (int i = 0; i < m; i++) {
                g[i] = (float) (0.5 + 2 * random.nextGaussian());
            }
            snr.add(g);
        }
        double perElementSd = Math.sqrt((1 + 0.25 * 0.25 / 2) / n);
        GradientSnr.Summary s = snr.summary();
        assertThat(s.mean()).isCloseTo(0.25, within(5 * perElementSd / Math.sqrt(m)));
        assertThat(s.median()).isCloseTo(0.25, within(5 * 1.26 * perElementSd / Math.sqrt(m)));
        assertThat(snr.passes()).isEqualTo(n);
    }
}
