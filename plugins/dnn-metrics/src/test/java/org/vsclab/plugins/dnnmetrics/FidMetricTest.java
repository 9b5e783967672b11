package org.vsclab.plugins.dnnmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reference's per-image statistics: numpy's {@code np.cov(act)} (rows as variables) and the mean over images. */
class FidMetricTest {

    @Test
    void perImageCovarianceTakesImagesAsTheVariables() {
        var features = FrechetDistance.matrix(new double[] {1, 2, 3, 2, 4, 7}, 2, 3);
        var moments = FidMetric.perImageMoments(features);
        assertThat(moments.mean().toDoubleVector()).containsExactly(1.5, 3, 5);
        double[][] c = moments.covariance().toDoubleMatrix();
        // rows centred by their own means (2 and 13/3), divided by d − 1 = 2
        assertThat(c[0][0]).isCloseTo(1.0, within(1e-12));
        assertThat(c[0][1]).isCloseTo(2.5, within(1e-12));
        assertThat(c[1][0]).isCloseTo(2.5, within(1e-12));
        assertThat(c[1][1]).isCloseTo(114.0 / 18, within(1e-12));
    }
}
