package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * What one forward pass of a model computed for a batch of B data with J samples each, as the loss
 * sees it.
 */
public interface ModelPass {

    /** Returns the scalar objective (1/B) Σ_b Σ_j w_bj ℓ_bj; differentiable if the pass was. */
    NDArray loss();

    /** Returns the codes, (B, J, K). */
    NDArray codes();

    /** Returns their decodings, (B, J, *sample shape). */
    NDArray reconstructions();

    /** Returns the per-sample mean squared error over all values of a sample, (B, J). */
    NDArray reconstructionError();

    /** Returns the per-sample KL summed over latents (before κ), (B, J). */
    NDArray klSum();

    /** Returns the selector's weights, (B, J). */
    NDArray weights();
}
