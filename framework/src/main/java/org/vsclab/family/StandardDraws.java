package org.vsclab.family;

import java.util.SplittableRandom;

/**
 * Standard normal and Laplace draws in double precision on the host, from a {@link SplittableRandom}:
 * for work outside the training engine (synthetic data, Gamma sampling, Monte-Carlo checks). Each
 * draw consumes a fixed number of uniforms, so streams stay reproducible.
 */
public final class StandardDraws {

    private StandardDraws() {}

    /**
     * Draws N(0, 1) by the Box–Muller transform (two uniforms per draw).
     *
     * @param random the generator
     * @return the draw
     */
    public static double normal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();   // (0, 1]
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Draws Laplace(0, 1) by the inverse CDF (one uniform per draw).
     *
     * @param random the generator
     * @return the draw
     */
    public static double laplace(SplittableRandom random) {
        double v = random.nextDouble() - 0.5;
        return -Math.signum(v) * Math.log(1 - 2 * Math.abs(v));
    }
}
