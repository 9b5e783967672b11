package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * A named model array: a trainable parameter or a piece of state worth checkpointing.
 *
 * @param name a stable, file-name-safe name such as {@code trunk.0.weight}
 * @param value the array
 */
public record Param(String name, NDArray value) {}
