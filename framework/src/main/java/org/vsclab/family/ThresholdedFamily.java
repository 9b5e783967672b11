package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vsclab.kernels.HostSampled;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.SparseCodes;
import org.vsclab.kernels.ThresholdSampling;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.LivePaths;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.VariationalFamily;

/**
 * A location-scale posterior passed through the shifted soft threshold (method.md §4): u = μ + w·s·ε
 * with warm-up factor w and scale s, z = T_λ(u; μ), differentiated by the configured {@link
 * GradientEstimator}; λ fixed or learned ({@link Threshold}). The KL is the closed form between the
 * base (pre-threshold) distributions, as in the reference implementation (§3.3), plus a learned
 * threshold's κ_Γ·KL_Γ.
 *
 * <p>With a fixed λ and a base that has a host twin of its noise ({@link LocationScaleBase#hostNoise}),
 * the J samples the runtime scores are drawn on the host in one pass ({@link HostSampled}).
 */
public final class ThresholdedFamily implements VariationalFamily, HostSampled {

    /** Diagnostic: the posterior's expected fraction of non-zeros given the drawn λ. */
    public static final String POSTERIOR_NONZERO = "posterior_nonzero";

    private final LocationScaleBase base;
    private final ScaledNoise noise;
    private final Threshold threshold;
    private final GradientEstimator estimator;
    private final List<HeadSpec> heads;

    /**
     * Creates the family.
     *
     * @param base the distribution-specific part
     * @param threshold where λ comes from
     * @param estimator how gradients pass the threshold
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     */
    public ThresholdedFamily(LocationScaleBase base, Threshold threshold, GradientEstimator estimator, Ramp noiseWarmup) {
        this(base, threshold, estimator, noiseWarmup, ScaleBounds.NONE);
    }

    /**
     * Creates the family with a bounded scale head.
     *
     * @param base the distribution-specific part
     * @param threshold where λ comes from
     * @param estimator how gradients pass the threshold
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     * @param scaleBounds the bounds of the posterior's scale ({@link ScaleBounds#NONE}: the paper's link)
     */
    public ThresholdedFamily(LocationScaleBase base, Threshold threshold, GradientEstimator estimator, Ramp noiseWarmup,
            ScaleBounds scaleBounds) {
        this.base = base;
        this.noise = new ScaledNoise(base, noiseWarmup, scaleBounds);
        this.threshold = threshold;
        this.estimator = estimator;
        List<HeadSpec> all = new ArrayList<>(noise.heads());
        all.addAll(threshold.heads());
        this.heads = List.copyOf(all);
    }

    /**
     * Creates a family with a fixed threshold.
     *
     * @param base the distribution-specific part
     * @param lambda λ ≥ 0
     * @param estimator how gradients pass the threshold
     * @param noiseWarmup the factor w on the noise scale
     */
    public ThresholdedFamily(LocationScaleBase base, double lambda, GradientEstimator estimator, Ramp noiseWarmup) {
        this(base, new FixedThreshold(lambda), estimator, noiseWarmup);
    }

    @Override
    public List<HeadSpec> heads() {
        return heads;
    }

    /** Returns λ (fixed) or λ₀ (the prior mean of a learned λ). */
    public double lambda() {
        return threshold.priorLambda();
    }

    @Override
    public CodeSample sample(Heads h, int samples, SamplingContext context) {
        NDArray loc = h.get(HeadSpec.LOC);
        ScaledNoise.Draw scaled = noise.draw(h, samples, context);
        Threshold.Draw draw = threshold.draw(h, scaled.noise().getShape(), context);
        ShiftedSoftThreshold step = new ShiftedSoftThreshold(loc.expandDims(1), scaled.noise(), draw.lambda());
        NDArray codes = context.differentiable() ? estimator.apply(step) : step.exact(LivePaths.NONE);
        NDArray kl = base.kl(loc, noise.rawScale(h), context).expandDims(1);
        if (draw.kl() != null) {
            kl = kl.add(draw.kl());
        }
        Map<String, NDArray> diagnostics = new HashMap<>(draw.diagnostics());
        diagnostics.put("scale", scaled.scale());
        diagnostics.put(POSTERIOR_NONZERO, base.tailProbability(draw.lambda().stopGradient(), scaled.scale().stopGradient()));
        return new CodeSample(codes, kl, diagnostics);
    }

    @Override
    public boolean samplesOnHost() {
        return threshold instanceof FixedThreshold && base.hostNoise().isPresent();
    }

    /**
     * The draw {@link #sample} makes for a fixed λ, on the host: the raw noise from the context, the
     * scale, the threshold and the codes in one pass; the KL and the diagnostics as {@link #sample}
     * computes them.
     */
    @Override
    public HostSampled.Sample sampleOnHost(Heads h, int samples, SamplingContext context) {
        ThresholdSampling.Noise hostNoise = base.hostNoise().filter(n -> threshold instanceof FixedThreshold)
                .orElseThrow(() -> new IllegalStateException("this family draws on the host only with a fixed λ and host noise"));
        NDArray loc = h.get(HeadSpec.LOC);
        int batch = Math.toIntExact(loc.getShape().get(0));
        int width = Math.toIntExact(loc.getShape().get(1));
        Shape shape = new Shape(batch, samples, width);
        NDArray scale = noise.scale(h, context);
        NDArray raw = hostNoise.draw(shape, context);
        NDArray codes = HostViews.uninitialized(context.manager(), shape);
        SparseCodes nonZeros = SparseCodes.scratch(batch * samples, width);
        ThresholdSampling.sample(HostViews.floats(raw), batch, samples, width, HostViews.copy(loc), HostViews.copy(scale),
                (float) threshold.priorLambda(), hostNoise, HostViews.floats(codes), nonZeros);
        NDArray lambda = threshold.draw(h, shape, context).lambda();
        NDArray scale3 = scale.expandDims(1);
        Map<String, NDArray> diagnostics = new HashMap<>();
        diagnostics.put("scale", scale3);
        diagnostics.put(POSTERIOR_NONZERO, base.tailProbability(lambda, scale3));
        return new HostSampled.Sample(codes, nonZeros, base.kl(loc, noise.rawScale(h), context).expandDims(1), diagnostics);
    }

    @Override
    public NDArray zeroProbability(Heads h, SamplingContext context) {
        return threshold.zeroProbability(h, noise.scale(h, context), base, context);
    }

    @Override
    public double priorNonZeroFraction() {
        return threshold.priorNonZeroFraction(base);
    }

    @Override
    public Map<String, String> derivedSettings() {
        return Map.of(threshold instanceof LearnedThreshold ? "lambda0" : "lambda", Double.toString(threshold.priorLambda()),
                "prior-nonzero-fraction", Double.toString(priorNonZeroFraction()));
    }
}
