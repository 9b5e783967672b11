package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * How the J samples of each datum are aggregated into one loss: weights over the per-sample losses
 * (max-ELBO keeps the best, avg weighs all equally).
 */
public interface SampleSelector {

    /**
     * Computes the weights.
     *
     * @param perSampleLoss the loss of each sample, shape (batch, J); lower is better
     * @return weights of shape (batch, J), each row summing to 1; detached unless the selector's
     *     definition differentiates through them
     */
    NDArray weights(NDArray perSampleLoss);

    /**
     * Returns whether the weights are always one-hot and detached (as max-ELBO's are). The runtime
     * then back-propagates only the selected sample, and linear generators update from it alone.
     */
    default boolean selectsOne() {
        return false;
    }
}
