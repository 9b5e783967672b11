package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.LivePaths;
import org.vsclab.spi.NonDifferentiableStep;

/**
 * Straight-through estimators: the forward value is the exact one; the gradient is the surrogate's,
 * plus, in the authors' form, the gradient of the exact value with respect to the distribution's
 * parameters.
 *
 * <ul>
 *   <li>{@link #AUTHORS} ({@code straight}, method.md §5.1): z = exact(params live, noise detached) +
 *       (u − sg(u)). For the threshold, ∂z/∂μ = 1 + m (doubled on the support), ∂z/∂scale = ∂ε/∂scale
 *       everywhere, ∂z/∂λ = −m·sign(ε)·sign(λ). This is what the paper's final results used.
 *   <li>{@link #PURE} ({@code straight-pure}, §5.2): z = sg(exact) + (u − sg(u)); ∂z/∂μ = 1,
 *       ∂z/∂λ = 0.
 * </ul>
 *
 * <p>Written as exact + (u − sg(u)) rather than u + exact − sg(u) so that the forward value equals
 * the exact value bit for bit: zeros stay exact zeros.
 */
public final class StraightThroughEstimator implements GradientEstimator {

    /** The authors' straight-through estimator (their gradient on the location). */
    public static final StraightThroughEstimator AUTHORS = new StraightThroughEstimator(LivePaths.PARAMETERS);

    /** The textbook straight-through estimator. */
    public static final StraightThroughEstimator PURE = new StraightThroughEstimator(LivePaths.NONE);

    private final LivePaths exactPaths;

    private StraightThroughEstimator(LivePaths exactPaths) {
        this.exactPaths = exactPaths;
    }

    @Override
    public NDArray apply(NonDifferentiableStep step) {
        NDArray surrogate = step.surrogate();
        NDArray zeroWithGradient = surrogate.sub(surrogate.stopGradient());
        return step.exact(exactPaths).add(zeroWithGradient);
    }
}
