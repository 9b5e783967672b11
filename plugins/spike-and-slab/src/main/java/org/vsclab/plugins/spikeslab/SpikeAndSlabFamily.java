package org.vsclab.plugins.spikeslab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;
import org.vsclab.family.ExponentialSchedule;
import org.vsclab.family.GaussianBase;
import org.vsclab.family.Ramp;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.LivePaths;
import org.vsclab.spi.NonDifferentiableStep;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;
import org.vsclab.spi.VariationalFamily;

/**
 * z = s·slab with slab = w·μ + ξ·(w·σ + √(1 − w)) and s the rounded (or relaxed) selection
 * sigmoid((L + logit)/τ), L logistic noise (method.md §7). log γ = min(a, 0) from the spike head.
 * The KL is γ·KL(N(μ, σ²) ‖ N(0, s_p)) + KL(Bernoulli(γ) ‖ Bernoulli(γ_p)).
 */
final class SpikeAndSlabFamily implements VariationalFamily {

    /** Head of the spike's log-probability before clamping at 0. */
    static final String SPIKE_HEAD = "spike-log-probability";

    private static final double GAMMA_CLIP = 1e-6;
    private static final double NOISE_CLIP = 1e-7;

    /** How the selection logit is formed from γ. */
    enum SelectionLogit {
        /** logit γ = log γ − log(1 − γ): P(active) = γ, as the KL assumes (correct, default). */
        LOGIT,
        /** log γ, as the authors' code has it: P(active) = γ/(1 + γ), at most ½ (method.md §7). */
        LOG_GAMMA
    }

    private final GaussianBase slab;
    private final double spikePrior;
    private final SelectionLogit selectionLogit;
    private final GradientEstimator estimator;
    private final ExponentialSchedule temperature;
    private final Ramp warmup;

    SpikeAndSlabFamily(GaussianBase slab, double spikePrior, SelectionLogit selectionLogit, GradientEstimator estimator,
            ExponentialSchedule temperature, Ramp warmup) {
        this.slab = slab;
        this.spikePrior = spikePrior;
        this.selectionLogit = selectionLogit;
        this.estimator = estimator;
        this.temperature = temperature;
        this.warmup = warmup;
    }

    @Override
    public List<HeadSpec> heads() {
        return List.of(new HeadSpec(HeadSpec.LOC, "mean μ of the Gaussian slab"), slab.scaleHead(),
                new HeadSpec(SPIKE_HEAD, "a, with log γ = min(a, 0) the log-probability that the latent is active"));
    }

    /** Returns γ = clip(exp(min(a, 0)), 1e-6, 1 − 1e-6). */
    private static NDArray gamma(Heads h) {
        return Scalars.clip(Scalars.atMost(h.get(SPIKE_HEAD), 0).exp(), GAMMA_CLIP, 1 - GAMMA_CLIP);
    }

    /** Returns the selection logit: logit γ, or log γ in the authors' variant. */
    private NDArray selectionLogit(NDArray gamma) {
        NDArray logGamma = gamma.log();
        return selectionLogit == SelectionLogit.LOGIT ? logGamma.sub(Scalars.minus(gamma, 1).neg().log()) : logGamma;
    }

    @Override
    public CodeSample sample(Heads h, int samples, SamplingContext context) {
        NDArray mu = h.get(HeadSpec.LOC);
        NDArray logVar = h.get(HeadSpec.LOG_VARIANCE);
        Shape shape = new Shape(mu.getShape().get(0), samples, mu.getShape().get(1));
        double w = warmup.value(context);
        NDArray sigma = slab.scale(logVar).expandDims(1);
        NDArray slabSample = Scalars.times(mu.expandDims(1), w)
                .add(context.normal(shape).mul(Scalars.plus(Scalars.times(sigma, w), Math.sqrt(1 - w))));
        NDArray gamma = gamma(h);
        NDArray logit = selectionLogit(gamma).expandDims(1);
        NDArray eta = Scalars.clip(context.uniform(shape), NOISE_CLIP, 1 - NOISE_CLIP);
        NDArray logistic = eta.log().sub(Scalars.minus(eta, 1).neg().log());
        NDArray relaxed = Activation.sigmoid(Scalars.over(logistic.add(logit), temperature.value(context)));
        NDArray selection = estimator.apply(new Rounding(relaxed));
        NDArray kl = gamma.mul(slab.kl(mu, logVar)).add(bernoulliKl(gamma));
        return new CodeSample(selection.mul(slabSample), kl.expandDims(1),
                Map.of("spike", gamma, "posterior_nonzero", activeProbability(gamma)));
    }

    private NDArray bernoulliKl(NDArray gamma) {
        NDArray off = Scalars.minus(gamma, 1).neg();
        NDArray offTerm = off.mul(Scalars.minus(off.log(), Math.log(1 - spikePrior)));
        NDArray onTerm = gamma.mul(Scalars.minus(gamma.log(), Math.log(spikePrior)));
        return offTerm.add(onTerm);
    }

    /** P(round(selection) = 1) = sigmoid(logit), independent of τ. */
    private NDArray activeProbability(NDArray gamma) {
        return Activation.sigmoid(selectionLogit(gamma));
    }

    @Override
    public NDArray zeroProbability(Heads h, SamplingContext context) {
        NDArray gamma = gamma(h);
        return estimator.exact() ? Scalars.minus(activeProbability(gamma), 1).neg() : gamma.zerosLike();
    }

    @Override
    public double priorNonZeroFraction() {
        return spikePrior;
    }

    @Override
    public Map<String, String> derivedSettings() {
        return Map.of("spike-prior", Double.toString(spikePrior));
    }

    /** The selection's rounding: surrogate the relaxed selection, exact value its rounding. */
    private record Rounding(NDArray relaxed) implements NonDifferentiableStep {
        @Override
        public NDArray surrogate() {
            return relaxed;
        }

        @Override
        public NDArray exact(LivePaths live) {
            return (live == LivePaths.NONE ? relaxed.stopGradient() : relaxed).round();
        }
    }
}
