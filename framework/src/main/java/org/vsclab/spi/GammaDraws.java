package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * Draws g ~ Gamma(α, 1) from a {@link SamplingContext#gamma}: the values, and the same values made
 * differentiable in α by implicit reparameterisation (∂g/∂α = −(∂F(g; α)/∂α)/f(g; α)) when the
 * context is {@link SamplingContext#differentiable()}.
 */
public interface GammaDraws {

    /** Returns g, shape (B, J, K), without a gradient. */
    NDArray draws();

    /**
     * Returns the draws attached to α: value g, gradient ∂g/∂α (computed only when needed).
     *
     * @param alpha the shapes the draws were made with, (B, K)
     * @return the draws, (B, J, K)
     */
    NDArray reparameterised(NDArray alpha);
}
