/**
 * The numerics of the paper's metrics (method.md §16), as plain functions of codes, data and
 * dictionaries ({@link org.vsclab.spi.Matrix}), outside any training graph: the sparse-coding
 * objective, multi-information, collapse and usage, support agreement with FISTA, gradient SNR,
 * support consistency and the recovered dictionary. The metric components of the parent package call
 * them; the DNN studies reuse multi-information and the non-zero fraction.
 */
package org.vsclab.plugins.metrics.numerics;
