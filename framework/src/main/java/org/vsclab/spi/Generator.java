package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * The generative model's mean: maps codes to reconstructions. A linear dictionary enters the loss as
 * a constant and learns by its own rule ({@link #update}); a neural generator instead exposes its
 * {@link #parameters()} to the runtime's optimiser (and its batch-norm statistics in {@link #state()}).
 */
public interface Generator extends Trainable {

    /**
     * Decodes a batch of codes; differentiable with respect to the codes (and the parameters). The
     * runtime decodes all B·J samples of a step in one call, so a generator with batch normalisation
     * normalises over all of them and updates its running statistics once per training step.
     *
     * @param codes shape (N, K)
     * @param training whether this is a training step (batch norm uses batch statistics and updates
     *     its running ones; dropout is active); false at evaluation
     * @return reconstructions of shape (N, *sample shape), or (N, D) flat with D the sample's
     *     element count
     */
    NDArray decode(NDArray codes, boolean training);

    /**
     * Returns whether each decoded row depends only on its own code, in training as in evaluation (a
     * linear dictionary; not a generator with batch normalisation). Only then may the runtime score
     * all J samples without a gradient graph and decode the selected one again with it (the max-ELBO
     * fast path); otherwise all B·J decodings are made in one differentiable call.
     */
    default boolean rowIndependent() {
        return false;
    }

    /**
     * Returns the shape of one reconstruction when the generator fixes it (e.g. (1, 28, 28) for a
     * convolutional decoder), checked against the data at start-up; empty when it produces the flat
     * element count the data has.
     */
    default Optional<Shape> outputShape() {
        return Optional.empty();
    }

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
