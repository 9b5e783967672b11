package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/**
 * A learned threshold (method.md §6): λ_bjk ~ Gamma(α_bk, β_bk), drawn per datum, per sample and per
 * latent, with α = clip(exp(a), 1e-6, 1e6) and β = clip(exp(b), 1e-6, 1e6) from two encoder heads;
 * prior Gamma(α₀, α₀/λ₀) with mean λ₀; the loss gains κ_Γ·KL_Γ per latent.
 *
 * <p>λ = g/β with g ~ Gamma(α, 1) from {@link SamplingContext#gamma} (reparameterised: gradients
 * reach α through the implicit reparameterisation and β through the division).
 */
public final class LearnedThreshold implements Threshold {

    /** Head of ln α. */
    public static final String SHAPE_HEAD = "threshold-log-shape";
    /** Head of ln β. */
    public static final String RATE_HEAD = "threshold-log-rate";

    static final double CLIP_LOW = 1e-6;
    static final double CLIP_HIGH = 1e6;
    private static final int ZERO_PROBABILITY_DRAWS = 256;

    private final double priorMean;
    private final double priorShape;
    private final double klWeight;

    /**
     * Creates the threshold.
     *
     * @param priorMean λ₀ &gt; 0, the prior's mean (the calibrated or fixed threshold)
     * @param priorShape α₀ &gt; 0 (3 in the paper)
     * @param klWeight κ_Γ ≥ 0 (0.1 in the paper)
     */
    public LearnedThreshold(double priorMean, double priorShape, double klWeight) {
        if (!(priorMean > 0) || !(priorShape > 0) || !(klWeight >= 0)) {
            throw new IllegalArgumentException("need λ₀ > 0, α₀ > 0, κ_Γ ≥ 0");
        }
        this.priorMean = priorMean;
        this.priorShape = priorShape;
        this.klWeight = klWeight;
    }

    @Override
    public List<HeadSpec> heads() {
        return List.of(new HeadSpec(SHAPE_HEAD, "ln α of the Gamma posterior over the threshold"),
                new HeadSpec(RATE_HEAD, "ln β of the Gamma posterior over the threshold"));
    }

    /** Returns α₀/λ₀, the prior's rate. */
    public double priorRate() {
        return priorShape / priorMean;
    }

    @Override
    public Draw draw(Heads heads, Shape shape, SamplingContext context) {
        NDArray alpha = posteriorParameter(heads, SHAPE_HEAD);
        NDArray beta = posteriorParameter(heads, RATE_HEAD);
        NDArray lambda = sample(alpha, beta, (int) shape.get(1), context);
        NDArray kl = Scalars.times(GammaKl.kl(alpha, beta, priorShape, priorRate()), klWeight).expandDims(1);
        return new Draw(lambda, kl, Map.of("lambda", lambda));
    }

    /** Returns α or β of the Gamma posterior: clip(exp(head), 1e-6, 1e6). */
    private static NDArray posteriorParameter(Heads heads, String head) {
        return Scalars.clip(heads.get(head).exp(), CLIP_LOW, CLIP_HIGH);
    }

    /**
     * Draws λ = g/β of shape (B, J, K) with g ~ Gamma(α, 1) from the context (differentiable in α and β).
     *
     * @param alpha shapes, (B, K)
     * @param beta rates, (B, K)
     * @param samples J
     * @param context supplies the Gamma draws
     * @return λ
     */
    static NDArray sample(NDArray alpha, NDArray beta, int samples, SamplingContext context) {
        return context.gamma(alpha, samples).reparameterised(alpha).div(beta.expandDims(1));
    }

    @Override
    public NDArray zeroProbability(Heads heads, NDArray scale, LocationScaleBase base, SamplingContext context) {
        NDArray alpha = posteriorParameter(heads, SHAPE_HEAD).stopGradient();
        NDArray beta = posteriorParameter(heads, RATE_HEAD).stopGradient();
        NDArray lambda = context.gamma(alpha, ZERO_PROBABILITY_DRAWS).draws().div(beta.expandDims(1));
        NDArray tail = base.tailProbability(lambda, scale.stopGradient().expandDims(1)).mean(new int[] {1});
        return Scalars.minus(tail, 1).neg();
    }

    /**
     * Returns E[P(|ε| &gt; λ)] for λ ~ Gamma(α₀, α₀/λ₀), the prior's marginal fraction of non-zeros — not
     * P(|ε| &gt; λ₀), which is smaller because the tail is convex in λ. Computed as the Stieltjes sum
     * Σ tail(λ_mid)·ΔF over a grid of the Gamma CDF F that is dense near 0 (λ_i ∝ (i/n)³), exact in the
     * limit for any α₀, including α₀ &lt; 1 where the density is unbounded at 0; for a Laplace base this is
     * (1 + λ₀/(α₀ b))^(−α₀).
     */
    @Override
    public double priorNonZeroFraction(LocationScaleBase base) {
        double rate = priorRate();
        double upper = priorMean;
        while (SpecialFunctions.upperRegularizedGamma(priorShape, rate * upper) > 1e-13 || rate * upper <= priorShape + 1) {
            upper *= 2;
        }
        int cells = 20_000;
        double sum = 0;
        double previous = 0;
        double lo = 0;
        for (int i = 1; i <= cells; i++) {
            double hi = upper * Math.pow((double) i / cells, 3);
            double cdf = SpecialFunctions.lowerRegularizedGamma(priorShape, rate * hi);
            sum += base.priorTailProbability((lo + hi) / 2) * (cdf - previous);
            previous = cdf;
            lo = hi;
        }
        return sum + base.priorTailProbability(upper) * (1 - previous);
    }

    @Override
    public double priorLambda() {
        return priorMean;
    }
}
