package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.vsclab.spi.SamplingContext;

/**
 * A Monte-Carlo KL for a location-scale base without a closed form:
 * KL(q ‖ p) ≈ (1/M) Σ_m [ln q(u_m) − ln p(u_m)] with u_m = μ + s·ε_m, s the base's scale and ε_m its
 * unit noise, drawn from the sampling context (seeded, and replayed with the selected sample). The
 * estimate is unbiased and reparameterised, so its gradient reaches μ and the scale head.
 *
 * <pre>{@code
 * public NDArray kl(NDArray loc, NDArray rawScale, SamplingContext context) {
 *     return MonteCarloKl.estimate(this, loc, rawScale, context, 16, this::logRatio);
 * }
 * }</pre>
 *
 * <p>Its M draws are one (B, M, K) draw per step whatever J is; the KL therefore varies with the seed
 * (the conformance kit checks it statistically), and a larger M trades time for a less noisy loss.
 */
public final class MonteCarloKl {

    private MonteCarloKl() {}

    /** The log-density ratio ln q(u | μ, s) − ln p(u), elementwise; use {@code Scalars} for constants. */
    @FunctionalInterface
    public interface LogRatio {

        /**
         * Evaluates the log-ratio.
         *
         * @param u the draws, (B, M, K)
         * @param loc μ, (B, 1, K)
         * @param scale the posterior's scale s, (B, 1, K)
         * @return ln q(u) − ln p(u), (B, M, K)
         */
        NDArray apply(NDArray u, NDArray loc, NDArray scale);
    }

    /**
     * Estimates KL(q ‖ p) per latent.
     *
     * @param base the base (its scale mapping and unit noise)
     * @param loc μ, (B, K)
     * @param rawScale the scale head, (B, K)
     * @param context the source of the draws
     * @param draws M ≥ 1
     * @param logRatio ln q − ln p
     * @return the estimate, (B, K)
     */
    public static NDArray estimate(LocationScaleBase base, NDArray loc, NDArray rawScale, SamplingContext context, int draws,
            LogRatio logRatio) {
        if (draws < 1) {
            throw new IllegalArgumentException("need at least one draw: " + draws);
        }
        Shape shape = new Shape(loc.getShape().get(0), draws, loc.getShape().get(1));
        NDArray mu = loc.expandDims(1);
        NDArray scale = base.scale(rawScale).expandDims(1);
        NDArray u = mu.add(base.unitNoise(shape, context).mul(scale));
        return logRatio.apply(u, mu, scale).mean(new int[] {1});
    }
}
