package org.vsclab.plugins.spikeslab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.spi.TrainingClock;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;
import org.vsclab.train.EngineSamplingContext;

/**
 * The spike-and-slab specifics (method.md §7): the KL test value, the correct selection probability
 * γ against the authors' γ/(1 + γ), and that with rounding the temperature shapes gradients only.
 */
class SpikeAndSlabTest {

    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(4);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static VariationalFamily family(String... settings) {
        var config = new ConfigLoader(REGISTRY.classLoader()).load(Optional.empty(), List.of(settings));
        return new ExperimentBuilder(REGISTRY).buildComponent(config, ComponentKind.PRIOR, "spike-and-slab", manager, 1, List.of());
    }

    private static Heads heads(double gamma) {
        return new Heads(Map.of("loc", manager.full(new Shape(1, 1), 0.3f), "log-variance", manager.full(new Shape(1, 1), -1f),
                SpikeAndSlabFamily.SPIKE_HEAD, manager.full(new Shape(1, 1), (float) Math.log(gamma))));
    }

    private static double activeFraction(VariationalFamily family, double gamma, int n, long step) {
        CodeSample s = family.sample(heads(gamma), n, new EngineSamplingContext(manager, new TrainingClock(step, 100_000, 0), true,
                new SplittableRandom(1)));
        return s.codes().neq(0).toType(DataType.FLOAT32, false).mean().getFloat();
    }

    @Test
    void klMatchesThePublishedValue() {
        // γ = 0.2, μ = 0.3, ℓ = −1, γ_p = 0.1, s_p = 0.1: 0.2720239 (method.md §8).
        NDArray kl = family("priors.spike-and-slab.spike-prior=0.1").sample(heads(0.2), 1,
                new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true, new SplittableRandom(1))).kl();
        assertThat((double) kl.getFloat(0, 0, 0)).isCloseTo(0.2720239, within(2e-6));
    }

    @Test
    void correctSelectionIsActiveWithProbabilityGamma() {
        int n = 200_000;
        Stats.assertProportion("P(active), logit selection", activeFraction(family(), 0.6, n, 0), 0.6, n);
    }

    @Test
    void authorsSelectionIsActiveWithProbabilityGammaOverOnePlusGamma() {
        int n = 200_000;
        double observed = activeFraction(family("priors.spike-and-slab.selection-logit=log-gamma"), 0.6, n, 0);
        Stats.assertProportion("P(active), log-gamma selection", observed, 0.6 / 1.6, n);
    }

    @Test
    void withRoundingTheTemperatureDoesNotChangeSparsity() {
        VariationalFamily family = family();
        int n = 200_000;
        // τ = 1 at step 0; τ = 0.5 (the floor) from step ≈ 1386 on.
        Stats.assertProportion("P(active) at τ = 0.5", activeFraction(family, 0.3, n, 50_000), 0.3, n);
        Stats.assertProportion("P(active) at τ = 1", activeFraction(family, 0.3, n, 0), 0.3, n);
    }

    @Test
    void slabBlendAndRoundingGradientFollowTheMethod() {
        // w = 0.5 (a ramp 0.5 → 1 not yet started), τ = 1: slab = wμ + ξ(wσ + √(1 − w)); z = round(c)·slab;
        // the straight-through gradient of z in the spike head a (log γ = a < 0) is slab·c(1 − c)·∂logit/∂a / τ.
        VariationalFamily family = family("priors.spike-and-slab.warmup.from=0.5", "priors.spike-and-slab.warmup.begin=100",
                "priors.spike-and-slab.warmup.end=200");
        NDArray mu = manager.full(new Shape(1, 1), 0.3f);
        NDArray logVar = manager.full(new Shape(1, 1), -1f);
        NDArray a = manager.full(new Shape(1, 1), (float) Math.log(0.4));
        a.setRequiresGradient(true);
        float xi = 0.7f;
        float eta = 0.9f;
        var context = new org.vsclab.testing.FixedNoiseContext(manager).at(new TrainingClock(0, 1000, 0))
                .nextNormal(manager.full(new Shape(1, 1, 1), xi)).nextUniform(manager.full(new Shape(1, 1, 1), eta));
        NDArray z;
        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            z = family.sample(new Heads(Map.of("loc", mu, "log-variance", logVar, SpikeAndSlabFamily.SPIKE_HEAD, a)), 1, context).codes();
            gc.backward(z.sum());
        }
        double sigma = Math.exp(-0.5);
        double slab = 0.5 * 0.3 + xi * (0.5 * sigma + Math.sqrt(0.5));
        double logit = Math.log(0.4) - Math.log(0.6);
        double c = 1 / (1 + Math.exp(-(Math.log(eta) - Math.log(1 - eta) + logit)));
        assertThat((double) z.getFloat(0, 0, 0)).isCloseTo(Math.round(c) * slab, within(1e-6));
        double dLogitDa = 1 / (1 - 0.4);   // d/da [a − ln(1 − e^a)]
        assertThat((double) a.getGradient().getFloat(0, 0)).isCloseTo(slab * c * (1 - c) * dLogitDa, within(1e-5));
    }

    @Test
    void subgradientIsRejectedBecauseRoundingHasNoGradient() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> family("priors.spike-and-slab.estimator=subgradient"))
                .isInstanceOf(org.vsclab.config.ConfigError.class)
                .hasMessageContaining("priors.spike-and-slab.estimator");
    }

    @Test
    void relaxedSelectionIsNotExactlySparse() {
        assertThat(activeFraction(family("priors.spike-and-slab.estimator=relaxed"), 0.3, 10_000, 0)).isEqualTo(1.0);
        assertThat(family("priors.spike-and-slab.estimator=relaxed").zeroProbability(heads(0.3),
                new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true, new SplittableRandom(1))).getFloat(0, 0)).isZero();
    }
}
