package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * How gradients pass a non-differentiable step: straight-through (the authors' form or the textbook
 * form), subgradient, or relaxed. The forward value returned must equal {@code step.exact(...)}
 * exactly wherever the estimator promises exact samples, so that zeros stay exact zeros.
 */
public interface GradientEstimator {

    /**
     * Joins the exact value and the surrogate of a step.
     *
     * @param step the step to differentiate through
     * @return an array whose value is the step's output and whose gradient is this estimator's
     */
    NDArray apply(NonDifferentiableStep step);

    /**
     * Returns whether {@link #apply} returns the step's exact value (so a family's exact zeros stay
     * zeros); false for relaxations that return the surrogate itself.
     */
    default boolean exact() {
        return true;
    }
}
