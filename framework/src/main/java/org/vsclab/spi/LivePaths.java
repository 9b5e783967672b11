package org.vsclab.spi;

/**
 * Which inputs of a non-differentiable step keep their gradient paths when its exact value is
 * computed (see {@link NonDifferentiableStep#exact}).
 */
public enum LivePaths {
    /** Fully detached: the exact value carries no gradient. */
    NONE,
    /**
     * The distribution's parameters (location, threshold, selection logits) stay live; the noise
     * is detached from the scale parameters.
     */
    PARAMETERS,
    /** Every path stays live, including the noise's dependence on the scale (a subgradient). */
    ALL
}
