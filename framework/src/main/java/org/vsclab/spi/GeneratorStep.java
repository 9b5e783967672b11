package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * What a {@link Generator} with its own update rule sees after each training step. All arrays are
 * detached from the autodiff graph.
 *
 * @param data the batch, shape (batch, *sample shape)
 * @param codes the codes drawn before the encoder update, shape (batch, J, K)
 * @param reconstructions their decodings, shape (batch, J, *sample shape)
 * @param weights the selector's weights, shape (batch, J)
 * @param selected when the selector keeps one sample per datum: that sample's codes (batch, K) and
 *     reconstruction (batch, D), so an update need not touch the other J − 1
 * @param clock where the run is
 */
public record GeneratorStep(
        NDArray data, NDArray codes, NDArray reconstructions, NDArray weights, Optional<Selected> selected,
        TrainingClock clock) {

    /**
     * The one selected sample per datum.
     *
     * @param codes shape (batch, K)
     * @param reconstructions shape (batch, *sample shape)
     */
    public record Selected(NDArray codes, NDArray reconstructions) {}
}
