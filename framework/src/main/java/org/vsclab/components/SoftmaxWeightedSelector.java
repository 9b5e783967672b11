package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import org.vsclab.spi.SampleSelector;

/**
 * The authors' {@code iwae} option under its honest name (method.md §10): weights softmax_j(−ℓ_bj),
 * not detached. It is a self-normalised weighting, not the IWAE bound.
 */
public final class SoftmaxWeightedSelector implements SampleSelector {

    @Override
    public NDArray weights(NDArray perSampleLoss) {
        return perSampleLoss.neg().softmax(1);
    }
}
