package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.LivePaths;
import org.vsclab.spi.NonDifferentiableStep;

/**
 * The subgradient estimator ({@code subgradient}, method.md §5.3): the exact value with every path
 * live, so ∂z/∂μ = m, ∂z/∂scale = m·∂ε/∂scale and ∂z/∂λ = −m·sign(ε)·sign(λ). Codes that are zero
 * pass no gradient at all.
 */
public final class SubgradientEstimator implements GradientEstimator {

    @Override
    public NDArray apply(NonDifferentiableStep step) {
        return step.exact(LivePaths.ALL);
    }
}
