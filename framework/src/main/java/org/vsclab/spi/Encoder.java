package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * The inference network: maps a batch of data to the raw parameter heads the chosen {@link
 * VariationalFamily} asked for. It knows nothing about sampling.
 */
public interface Encoder extends Trainable {

    /**
     * Encodes a batch.
     *
     * @param data shape (batch, data dimension)
     * @param training whether this is a training step (matters for dropout or batch normalisation)
     * @return one (batch, latents) array per requested head
     */
    Heads encode(NDArray data, boolean training);
}
