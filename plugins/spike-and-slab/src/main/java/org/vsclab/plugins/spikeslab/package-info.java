/**
 * The spike-and-slab baseline after Tonolini et al. as the paper's authors ran it (method.md §7): a
 * Gaussian slab with warm-up, a Bernoulli spike selected through logistic noise at a temperature,
 * the straight-through rounding or the relaxed (Gumbel-softmax) estimator, and the closed-form KL.
 * Registered as {@code spike-and-slab}.
 */
package org.vsclab.plugins.spikeslab;
