package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;

/**
 * The reparameterised Gamma sampler (method.md §6): its distribution, the identities E[∂g/∂α] = 1 and
 * E[g·∂g/∂α] = α + ½, and, through the engine, ∂E[λ]/∂α = 1/β and ∂E[λ]/∂β = −α/β² within
 * Monte-Carlo error.
 */
class GammaSamplerTest {

    @ParameterizedTest(name = "α = {0}")
    @ValueSource(doubles = {0.2, 0.7, 1.0, 3.0, 40.0})
    void momentsAndImplicitGradientIdentities(double alpha) {
        int n = 400_000;
        SplittableRandom random = new SplittableRandom(17);
        double[] g = new double[n];
        double[] dg = new double[n];
        double[] gdg = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = GammaSampler.sample(alpha, random);
            dg[i] = SpecialFunctions.gammaSampleShapeDerivative(g[i], alpha);
            gdg[i] = g[i] * dg[i];
        }
        assertMean("E[g]", g, alpha, n);
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = (g[i] - alpha) * (g[i] - alpha);
        }
        assertMean("Var[g]", centred, alpha, n);
        assertMean("E[∂g/∂α]", dg, 1.0, n);
        assertMean("E[g·∂g/∂α]", gdg, alpha + 0.5, n);
    }

    private static void assertMean(String what, double[] values, double expected, int n) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        Stats.assertMean(what, mean, Math.sqrt(var / (n - 1)), expected, n);
    }

    @Test
    void gradientsOfTheMeanThresholdThroughTheEngine() {
        // E[λ] = α/β for λ ~ Gamma(α, β): ∂E/∂α = 1/β, ∂E/∂β = −α/β².
        double a = 2.5;
        double b = 4.0;
        int n = 400_000;
        try (NDManager manager = TestEngine.manager(3)) {
            NDArray alpha = manager.full(new Shape(1, 1), (float) a);
            NDArray beta = manager.full(new Shape(1, 1), (float) b);
            alpha.setRequiresGradient(true);
            beta.setRequiresGradient(true);
            NDArray lambda;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                lambda = LearnedThreshold.sample(alpha, beta, n, new FixedNoiseContext(manager).hostSeed(5));
                gc.backward(lambda.sum());
            }
            float[] draws = lambda.toFloatArray();
            Stats.assertMean("E[λ]", Stats.mean(draws), Stats.std(draws), a / b, n);
            // Per-draw gradients: ∂λ/∂α = (∂g/∂α)/β with Var ≈ Var(∂g/∂α)/β²; ∂λ/∂β = −λ/β.
            double dAlpha = alpha.getGradient().getFloat(0, 0) / (double) n;
            double dBeta = beta.getGradient().getFloat(0, 0) / (double) n;
            double sdDAlpha = Math.sqrt(0.5 / a) / b;   // Var(∂g/∂α) ≈ 1/(2α) for moderate α (delta method)
            Stats.assertMean("∂E[λ]/∂α", dAlpha, 2 * sdDAlpha, 1 / b, n);
            Stats.assertMean("∂E[λ]/∂β", dBeta, Stats.std(draws) / b, -a / (b * b), n);
        }
    }
}
