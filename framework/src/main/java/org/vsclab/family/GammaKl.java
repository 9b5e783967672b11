package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.Scalars;

/**
 * The closed-form KL(Gamma(α, β) ‖ Gamma(α₀, β₀)) in shape–rate form (method.md §8), differentiable in
 * the engine: (α − α₀)ψ(α) − ln Γ(α) + ln Γ(α₀) + α₀(ln β − ln β₀) + α(β₀ − β)/β. ψ is computed with
 * engine operations (recurrence to x ≥ 6, then the asymptotic series), so its gradient ψ′ comes from
 * autodiff.
 */
public final class GammaKl {

    private GammaKl() {}

    /**
     * Returns the KL per element.
     *
     * @param alpha posterior shapes
     * @param beta posterior rates
     * @param alpha0 prior shape
     * @param beta0 prior rate
     * @return the KL, same shape
     */
    public static NDArray kl(NDArray alpha, NDArray beta, double alpha0, double beta0) {
        NDArray first = Scalars.minus(alpha, alpha0).mul(digamma(alpha));
        NDArray logGammas = Scalars.plus(alpha.gammaln().neg(), SpecialFunctions.lnGamma(alpha0));
        NDArray rates = Scalars.times(Scalars.minus(beta.log(), Math.log(beta0)), alpha0);
        NDArray last = alpha.mul(Scalars.minus(beta, beta0).neg()).div(beta);
        return first.add(logGammas).add(rates).add(last);
    }

    /**
     * Returns ψ(x) for x &gt; 0 with engine operations (absolute error below 1e-6 in float32 use).
     *
     * @param x the argument
     * @return ψ(x)
     */
    public static NDArray digamma(NDArray x) {
        NDArray shift = x.onesLike().div(x);
        for (int i = 1; i < 6; i++) {
            shift = shift.add(Scalars.plus(x, i).onesLike().div(Scalars.plus(x, i)));
        }
        NDArray y = Scalars.plus(x, 6);
        NDArray inv2 = y.square().onesLike().div(y.square());
        // ln y − 1/(2y) − Σ B_{2k}/(2k y^{2k}) up to y^-8
        NDArray series = Scalars.times(inv2, 1.0 / 240);
        series = Scalars.plus(series.neg(), 1.0 / 252).mul(inv2);
        series = Scalars.plus(series.neg(), 1.0 / 120).mul(inv2);
        series = Scalars.plus(series.neg(), 1.0 / 12).mul(inv2);
        NDArray asymptotic = y.log().sub(Scalars.over(y.onesLike().div(y), 2)).sub(series);
        return asymptotic.sub(shift);
    }
}
