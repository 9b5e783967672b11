/**
 * The paper's metrics (method.md §16) as metric components: {@code sparse-coding} (objective and
 * the per-epoch FISTA reference), {@code multi-information}, {@code collapse}, {@code usage},
 * {@code recovered-dictionary}, {@code gradient-snr}, {@code support-consistency}. Their numerics live
 * in {@code numerics}, tested on cases with known answers.
 */
package org.vsclab.plugins.metrics;
