package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class CodeStatisticsTest {

    // 20 codes × 3 latents: latent 0 always 0; latent 1 tiny (|z| ≤ 1e-2) in 19 of 20; latent 2 large in 10 of 20.
    private static Matrix codes() {
        double[] v = new double[20 * 3];
        for (int i = 0; i < 20; i++) {
            v[i * 3 + 1] = i == 0 ? 0.5 : 0.005;
            v[i * 3 + 2] = i % 2 == 0 ? -1.0 : 0.0;
        }
        return new Matrix(20, 3, v);
    }

    @Test
    void nonZeroFractionCountsExactZerosOnly() {
        // latent 1: 20 non-zeros, latent 2: 10; of 60.
        assertThat(CodeStatistics.nonZeroFraction(codes())).isCloseTo(30 / 60.0, within(1e-12));
    }

    @Test
    void aLatentCollapsesWhenSmallOnAtLeast95PercentOfTheData() {
        // latent 0: 20/20 small; latent 1: 19/20 = 95 % (collapsed, the bound is inclusive); latent 2: 10/20.
        assertThat(CodeStatistics.collapsedFraction(codes(), 1e-2, 0.95)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(CodeStatistics.collapsedFraction(codes(), 1e-2, 0.96)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void usageIsTheMeanNumberOfDataPerBatchUsingAnAtom() {
        assertThat(CodeStatistics.usagePerBatch(codes(), 10)).containsExactly(0, 10, 5);
    }
}
