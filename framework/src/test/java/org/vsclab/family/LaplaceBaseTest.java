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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vsclab.spi.TrainingClock;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Scalars;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;

/**
 * The Laplace base and the thresholded family built on it (method.md §4.2–4.4, §5.4, §8, §9): KL closed form
 * against published values and a Monte-Carlo estimate, sparsity against 1 − e^{−λ/b}, the
 * spike-and-slab shape of the non-zeros, calibration, and the straight-through gradients.
 */
class LaplaceBaseTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(11);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Heads heads(float mu, float logScale, int n) {
        return new Heads(java.util.Map.of(
                "loc", manager.full(new Shape(1, n), mu),
                "log-scale", manager.full(new Shape(1, n), logScale)));
    }

    @ParameterizedTest(name = "μ = {0}, b = {1}, b_p = {2}")
    @CsvSource({"0.3, 0.05, 0.1, 2.6943866", "-0.1, 0.2, 0.1, 0.5199141"})
    void klMatchesPublishedValues(float mu, double b, double priorScale, double expected) {
        NDArray kl = new LaplaceBase(priorScale).kl(manager.create(mu), manager.create((float) Math.log(b)));
        assertThat((double) kl.getFloat()).isCloseTo(expected, within(2e-6));
    }

    @Test
    void klMatchesMonteCarloEstimate() {
        double mu = 0.3;
        double b = 0.05;
        double bp = 0.1;
        int n = 400_000;
        LaplaceBase laplace = new LaplaceBase(bp);
        FixedNoiseContext context = new FixedNoiseContext(manager);
        float[] eps = laplace.unitNoise(new Shape(n), context).toFloatArray();
        // log q(z) − log p(z) for z = μ + bε, averaged: an unbiased estimate of the KL.
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            double z = mu + b * eps[i];
            terms[i] = (-Math.abs(z - mu) / b - Math.log(2 * b)) - (-Math.abs(z) / bp - Math.log(2 * bp));
        }
        double mean = java.util.Arrays.stream(terms).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(terms).map(t -> (t - mean) * (t - mean)).sum() / (n - 1));
        double closed = laplace.kl(manager.create((float) mu), manager.create((float) Math.log(b))).getFloat();
        Stats.assertMean("Monte-Carlo KL", mean, std, closed, n);
    }

    @Test
    void thresholdedLaplaceIsASpikeAndSlab() {
        // method.md §4.4: μ = 0.7, b = 1, λ = 0.5; P(z ≠ 0) = e^{−0.5} and z − μ | z ≠ 0 ~ Laplace(0, 1).
        int n = 1_000_000;
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.5, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        CodeSample sample = family.sample(heads(0.7f, 0f, 1), n, new FixedNoiseContext(manager));
        float[] z = sample.codes().toFloatArray();
        long nonZero = 0;
        double sumAbs = 0;
        double sumAbsSq = 0;
        for (float v : z) {
            if (v != 0) {
                nonZero++;
                double d = Math.abs(v - 0.7);
                sumAbs += d;
                sumAbsSq += d * d;
            }
        }
        Stats.assertProportion("P(z ≠ 0)", (double) nonZero / n, Math.exp(-0.5), n);
        double meanAbs = sumAbs / nonZero;
        double stdAbs = Math.sqrt(sumAbsSq / nonZero - meanAbs * meanAbs);
        Stats.assertMean("E|z − μ| on the support", meanAbs, stdAbs, 1.0, nonZero);
        // The analytic rate the family reports agrees.
        double reported = family.zeroProbability(heads(0.7f, 0f, 1), new FixedNoiseContext(manager)).getFloat(0, 0);
        assertThat(reported).isCloseTo(1 - Math.exp(-0.5), within(1e-6));
    }

    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"0.05, 0.29957", "0.10, 0.23026", "0.20, 0.16094", "0.50, 0.06931"})
    void calibrationGivesThePublishedThresholds(double p, double lambda) {
        LaplaceBase laplace = new LaplaceBase(0.1);
        assertThat(laplace.calibrate(p)).isCloseTo(lambda, within(5e-6));
        assertThat(laplace.priorTailProbability(laplace.calibrate(p))).isCloseTo(p, within(1e-12));
    }

    @Test
    void papersFixedThresholdsHaveThePublishedSparsity() {
        LaplaceBase laplace = new LaplaceBase(0.1);
        assertThat(laplace.priorTailProbability(0.25)).isCloseTo(0.0821, within(5e-5));
        assertThat(laplace.priorTailProbability(0.23)).isCloseTo(0.1003, within(5e-5));
        assertThat(laplace.priorTailProbability(0.16)).isCloseTo(0.2019, within(5e-5));
    }

    @Test
    void straightThroughScaleGradientIsTheNoiseAndLocationGradientIsDoubledOnTheSupport() {
        int n = 200_000;
        NDArray mu = manager.full(new Shape(1, 1), 0.7f);
        NDArray logScale = manager.zeros(new Shape(1, 1));
        mu.setRequiresGradient(true);
        logScale.setRequiresGradient(true);
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.5, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        NDArray uniform = manager.randomUniform(0f, 1f, new Shape(1, n, 1));
        FixedNoiseContext context = new FixedNoiseContext(manager).nextUniform(uniform).nextUniform(uniform);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            CodeSample s = family.sample(new Heads(java.util.Map.of("loc", mu, "log-scale", logScale)), n, context);
            gc.backward(s.codes().sum());
        }
        float[] eps = new LaplaceBase(0.1).unitNoise(new Shape(1, n, 1), context).toFloatArray();
        // ∂z/∂ℓ = ∂(e^ℓ ε)/∂ℓ = ε at b = 1, for every sample, zero or not (method.md §5.1).
        double sumEps = 0;
        for (float e : eps) {
            sumEps += e;
        }
        assertThat((double) logScale.getGradient().getFloat(0, 0)).isCloseTo(sumEps, within(1e-2 + 1e-5 * n));
        // E[∂z/∂μ] = 1 + P(z ≠ 0) = 1.607 for b = 1, λ = 0.5 (method.md §5.4).
        Stats.assertProportion("E[∂z/∂μ] − 1", mu.getGradient().getFloat(0, 0) / n - 1, Math.exp(-0.5), n);
    }

    @Test
    void warmupScalesTheNoiseOnlyWhileTraining() {
        NDArray loc = manager.zeros(new Shape(1, 1));
        NDArray logScale = manager.zeros(new Shape(1, 1));
        Heads h = new Heads(java.util.Map.of("loc", loc, "log-scale", logScale));
        // A ramp from 0.5 to 1 over steps 100-200, seen at step 0.
        Ramp ramp = new Ramp(0.5, 1.0, new StepPoint(100, 0, false), new StepPoint(200, 0, false));
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.5, StraightThroughEstimator.AUTHORS, ramp);
        FixedNoiseContext context = new FixedNoiseContext(manager).at(new TrainingClock(0, 1000, 0));
        // w = 0.5 halves the scale: P(z ≠ 0) = e^{−λ/(w b)} = e^{−1} while training, e^{−0.5} at evaluation.
        assertThat((double) Scalars.minus(family.zeroProbability(h, context), 1).neg().getFloat(0, 0)).isCloseTo(Math.exp(-1), within(1e-6));
        assertThat((double) Scalars.minus(family.zeroProbability(h, context.training(false)), 1).neg().getFloat(0, 0)).isCloseTo(Math.exp(-0.5), within(1e-6));
        // ... and the samples follow: the empirical non-zero fraction at w = 0.5.
        int n = 200_000;
        float[] z = family.sample(h, n, context.training(true)).codes().toFloatArray();
        long nonZero = 0;
        for (float v : z) {
            nonZero += v != 0 ? 1 : 0;
        }
        Stats.assertProportion("P(z ≠ 0) while warming up", (double) nonZero / n, Math.exp(-1), n);
    }

    @Test
    void noiseIsClampedAsInTheReference() {
        float[] eps = new LaplaceBase(0.1).unitNoise(new Shape(4), new FixedNoiseContext(manager)
                .nextUniform(manager.create(new float[] {0f, 0.9999999f, 0.5f, 0.75f}))).toFloatArray();
        double bound = -Math.log(LaplaceBase.CLAMP);   // 13.8: |ε| ≤ 13.8 b
        assertThat((double) eps[0]).isCloseTo(bound, within(1e-3));
        assertThat((double) eps[1]).isCloseTo(-bound, within(0.2));
        assertThat(eps[2]).isEqualTo(0f);
        assertThat((double) eps[3]).isCloseTo(Math.log(0.5), within(1e-6));
    }
}
