package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link Generator} with its own update rule sees after each training step. All arrays are
 * detached from the autodiff graph.
 *
 * @param data the batch, shape (batch, D)
 * @param codes the codes drawn before the encoder update, shape (batch, J, K)
 * @param reconstructions their decodings, shape (batch, J, D)
 * @param weights the selector's weights, shape (batch, J)
 * @param clock where the run is
 */
public record GeneratorStep(
        NDArray data, NDArray codes, NDArray reconstructions, NDArray weights, TrainingClock clock) {}
