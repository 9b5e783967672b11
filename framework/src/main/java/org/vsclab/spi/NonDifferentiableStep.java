package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * A sampling step whose exact value is not usefully differentiable (a threshold, a rounding), offered
 * to a {@link GradientEstimator} as an exact value and a differentiable surrogate.
 */
public interface NonDifferentiableStep {

    /**
     * Returns the differentiable surrogate: the base sample before thresholding, or the relaxed
     * selection before rounding.
     */
    NDArray surrogate();

    /**
     * Returns the exact forward value.
     *
     * @param live which inputs keep their gradient paths
     * @return the exact value (e.g. exactly sparse codes)
     */
    NDArray exact(LivePaths live);
}
