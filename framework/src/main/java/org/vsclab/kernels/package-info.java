/**
 * Host-side kernels of the training step: loops over the engine's own memory (zero-copy views of
 * CPU tensors) that replace chains of element-wise engine operations where one pass over memory does
 * the work of many. The runtime chooses them; no plugin needs to know about them.
 *
 * <ul>
 *   <li>{@link org.vsclab.kernels.ThresholdSampling}: J thresholded location-scale samples per datum
 *       from the engine's raw draws, written as dense codes and as their non-zeros ({@link
 *       org.vsclab.kernels.SparseCodes}); the transcendental function is evaluated for the non-zeros
 *       only.
 *   <li>{@link org.vsclab.kernels.LinearScoring}: the squared error of every sample against its datum
 *       under a linear dictionary, decoding each sample from its non-zeros or, above a measured density,
 *       with one dense engine product.
 *   <li>{@link org.vsclab.kernels.HostViews} and {@link org.vsclab.kernels.HostParallel}: the views and
 *       the deterministic two-way split the kernels share.
 * </ul>
 *
 * <p>Every kernel gives the same result whatever the thread count (work is split by datum, never
 * within a sum), so a run resumed from a checkpoint stays bit-for-bit the uninterrupted one.
 */
package org.vsclab.kernels;
