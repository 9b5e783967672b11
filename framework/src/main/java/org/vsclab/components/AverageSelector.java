package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.Scalars;

/** The standard multi-sample ELBO: every sample weighs 1/J (method.md §10, {@code avg}). */
public final class AverageSelector implements SampleSelector {

    @Override
    public NDArray weights(NDArray perSampleLoss) {
        long samples = perSampleLoss.getShape().get(1);
        return Scalars.over(perSampleLoss.stopGradient().onesLike(), samples);
    }
}
