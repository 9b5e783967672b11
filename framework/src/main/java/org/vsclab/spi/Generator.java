package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * The generative model's mean: maps codes to reconstructions. A linear dictionary enters the loss as
 * a constant and learns by its own rule ({@link #update}); a neural generator instead exposes its
 * {@link #parameters()} to the runtime's optimiser.
 */
public interface Generator extends Trainable {

    /**
     * Decodes codes; differentiable with respect to the codes.
     *
     * @param codes shape (..., K)
     * @return reconstructions of shape (..., D)
     */
    NDArray decode(NDArray codes);

    /**
     * Applies this generator's own update rule after a training step (no-op by default).
     *
     * @param step the batch, codes, reconstructions and selection weights of the step
     */
    default void update(GeneratorStep step) {}

    /**
     * Returns the dictionary as a (D × K) matrix when the generator is linear, for artifacts and
     * recovery metrics.
     */
    default Optional<Matrix> dictionary() {
        return Optional.empty();
    }
}
