/**
 * The training runtime: one step's forward pass through the SPI ({@link
 * org.vsclab.train.SparseCodingModel}), the loop ({@link org.vsclab.train.Trainer}) with its
 * listeners, the encoder's optimisers and learning-rate schedules, validation, and the engine set-up
 * (device, threads, seed). It knows components only through {@code org.vsclab.spi}.
 */
package org.vsclab.train;
