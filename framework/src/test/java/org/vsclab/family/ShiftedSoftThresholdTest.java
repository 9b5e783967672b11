package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.Scalars;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;

/**
 * The shifted soft threshold and the three estimators against the golden cases of method.md §5.4
 * (Gaussian base, μ = 0.7, log-variance ℓ = 0, λ = 0.5), and the Monte-Carlo identity
 * E[∂z/∂μ] = 1 + P(z ≠ 0) of the authors' estimator.
 */
class ShiftedSoftThresholdTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(7);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Gradients of z with respect to μ, ℓ and λ for one fixed ξ. */
    private record Result(float z, float dMu, float dLogVar, float dLambda) {}

    private static Result evaluate(GradientEstimator estimator, float xi) {
        NDArray mu = manager.create(0.7f).reshape(1, 1, 1);
        NDArray logVar = manager.create(0f).reshape(1, 1, 1);
        NDArray lambda = manager.create(0.5f);
        mu.setRequiresGradient(true);
        logVar.setRequiresGradient(true);
        lambda.setRequiresGradient(true);
        NDArray z;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray sigma = Scalars.times(logVar, 0.5).exp();
            NDArray eps = sigma.mul(manager.create(xi).reshape(1, 1, 1));
            z = estimator.apply(new ShiftedSoftThreshold(mu, eps, lambda));
            gc.backward(z.sum());
        }
        return new Result(z.getFloat(0, 0, 0), mu.getGradient().getFloat(0, 0, 0),
                logVar.getGradient().getFloat(0, 0, 0), lambda.getGradient().getFloat());
    }

    @ParameterizedTest(name = "ξ = {0}")
    @CsvSource({
        // ξ,   z,   dμ straight/pure/sub, dℓ straight/pure/sub, dλ straight/pure/sub
        "0.8,  1.0, 2, 1, 1, 0.4, 0.4, 0.4, -1, 0, -1",
        "0.3,  0.0, 1, 1, 0, 0.15, 0.15, 0, 0, 0, 0",
        "-0.9, 0.3, 2, 1, 1, -0.45, -0.45, -0.45, 1, 0, 1"
    })
    void goldenCases(float xi, float z, float muS, float muP, float muG, float lS, float lP, float lG,
            float laS, float laP, float laG) {
        GradientEstimator[] estimators = {StraightThroughEstimator.AUTHORS, StraightThroughEstimator.PURE, new SubgradientEstimator()};
        float[][] expected = {{muS, lS, laS}, {muP, lP, laP}, {muG, lG, laG}};
        String[] names = {"straight", "straight-pure", "subgradient"};
        for (int i = 0; i < 3; i++) {
            Result r = evaluate(estimators[i], xi);
            assertThat(r.z()).as("%s forward", names[i]).isCloseTo(z, within(1e-6f));
            assertThat(r.dMu()).as("%s ∂z/∂μ", names[i]).isCloseTo(expected[i][0], within(1e-6f));
            assertThat(r.dLogVar()).as("%s ∂z/∂ℓ", names[i]).isCloseTo(expected[i][1], within(1e-6f));
            assertThat(r.dLambda()).as("%s ∂z/∂λ", names[i]).isCloseTo(expected[i][2], within(1e-6f));
        }
    }

    @Test
    void zerosAreExactAndNonZerosAreShiftedTails() {
        NDArray mu = manager.create(new float[] {0.7f, -2f, 0.7f, 0f}).reshape(1, 1, 4);
        NDArray eps = manager.create(new float[] {0.5f, -0.49f, 1.5f, -3f}).reshape(1, 1, 4);
        NDArray z = StraightThroughEstimator.AUTHORS.apply(new ShiftedSoftThreshold(mu, eps, manager.create(0.5f)));
        // |ε| ≤ λ collapses to exactly 0; otherwise μ + sign(ε)(|ε| − λ).
        assertThat(z.toFloatArray()).containsExactly(0f, 0f, 1.7f, -2.5f);
    }

    @Test
    void authorsEstimatorDoublesTheLocationGradientOnTheSupport() {
        int n = 200_000;
        NDArray mu = manager.create(0.7f).reshape(1, 1, 1);
        mu.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray eps = manager.randomNormal(new Shape(1, n, 1));
            NDArray z = StraightThroughEstimator.AUTHORS.apply(new ShiftedSoftThreshold(mu, eps, manager.create(0.5f)));
            gc.backward(z.sum());
        }
        double meanGradient = mu.getGradient().getFloat(0, 0, 0) / n;
        // method.md §5.4: E[∂z/∂μ] = 1 + P(|ξ| > 0.5) = 1 + 2(1 − Φ(0.5)) = 1.617 for σ = 1.
        double pNonZero = 2 * (1 - 0.6914624612740131);
        Stats.assertProportion("E[∂z/∂μ] − 1", meanGradient - 1, pNonZero, n);
    }
}
