package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vsclab.spi.Heads;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;

/** The Gaussian base (method.md §4.5, §8, §9): KL, calibration, and the thresholded Gaussian's sparsity. */
class GaussianBaseTest {

    @Test
    void klMatchesThePublishedValue() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray kl = new GaussianBase(0.1).kl(manager.create(0.3f), manager.create(-1f));
            assertThat((double) kl.getFloat()).isCloseTo(1.1381047, within(2e-6));
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"0.05, 0.61980", "0.10, 0.52015", "0.20, 0.40526", "0.50, 0.21329"})
    void calibrationGivesThePublishedThresholds(double p, double lambda) {
        GaussianBase base = new GaussianBase(0.1);
        assertThat(base.calibrate(p)).isCloseTo(lambda, within(5e-6));
        assertThat(base.priorTailProbability(base.calibrate(p))).isCloseTo(p, within(1e-12));
        assertThat(base.priorTailProbability(0.52)).isCloseTo(0.1001, within(5e-5));
        assertThat(base.priorTailProbability(0.405)).isCloseTo(0.2003, within(5e-5));
    }

    @Test
    void thresholdedGaussianSparsityIsTheTwoSidedTail() {
        // P(z ≠ 0) = 2(1 − Φ(λ/σ)) (method.md §4.5): σ = 1, λ = 0.5 gives 0.61708.
        try (NDManager manager = TestEngine.manager(9)) {
            int n = 500_000;
            ThresholdedFamily family = new ThresholdedFamily(new GaussianBase(0.1), 0.5, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
            Heads h = new Heads(Map.of("loc", manager.full(new Shape(1, 1), 0.7f), "log-variance", manager.zeros(new Shape(1, 1))));
            FixedNoiseContext context = new FixedNoiseContext(manager);
            NDArray z = family.sample(h, n, context).codes();
            double nonZero = z.neq(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
            double expected = 2 * (1 - SpecialFunctions.normalCdf(0.5));
            Stats.assertProportion("P(z ≠ 0)", nonZero, expected, n);
            assertThat(1.0 - family.zeroProbability(h, context).getFloat(0, 0)).isCloseTo(expected, within(1e-6));
        }
    }
}
