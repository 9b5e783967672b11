package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * The inference network: maps a batch of data to the raw parameter heads the chosen {@link
 * VariationalFamily} asked for. It knows nothing about sampling.
 */
public interface Encoder extends Trainable {

    /**
     * Returns the shape of one input sample when the encoder fixes it (e.g. (1, 28, 28) for a
     * convolutional encoder), checked against the data at start-up; empty when it takes any sample of
     * the data's element count (an MLP flattens its input).
     */
    default Optional<Shape> inputShape() {
        return Optional.empty();
    }

    /**
     * Encodes a batch.
     *
     * @param data shape (batch, *sample shape)
     * @param training whether this is a training step (matters for dropout or batch normalisation)
     * @return one (batch, latents) array per requested head
     */
    Heads encode(NDArray data, boolean training);
}
