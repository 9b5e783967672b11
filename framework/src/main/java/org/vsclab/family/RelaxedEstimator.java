package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.NonDifferentiableStep;

/**
 * The relaxed (Gumbel-softmax / Concrete) estimator: the surrogate is used in the forward pass too,
 * so gradients are exact for a relaxed model but samples are not exactly sparse (method.md §7,
 * {@code gumbel}).
 */
public final class RelaxedEstimator implements GradientEstimator {

    @Override
    public NDArray apply(NonDifferentiableStep step) {
        return step.surrogate();
    }

    @Override
    public boolean exact() {
        return false;
    }
}
