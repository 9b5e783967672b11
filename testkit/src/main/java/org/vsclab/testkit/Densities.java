package org.vsclab.testkit;

import java.util.SplittableRandom;
import org.vsclab.family.GammaSampler;
import org.vsclab.family.SpecialFunctions;

/**
 * Log-densities and samplers of the base distributions in double precision, for Monte-Carlo checks of
 * closed-form KL terms ({@link VariationalFamilyConformance#sampleLogRatio}).
 */
public final class Densities {

    private Densities() {}

    /** Returns ln N(x; mean, variance). */
    public static double gaussian(double x, double mean, double variance) {
        double d = x - mean;
        return -0.5 * (Math.log(2 * Math.PI * variance) + d * d / variance);
    }

    /** Returns ln Laplace(x; location, scale). */
    public static double laplace(double x, double location, double scale) {
        return -Math.abs(x - location) / scale - Math.log(2 * scale);
    }

    /** Returns ln Gamma(x; shape, rate). */
    public static double gamma(double x, double shape, double rate) {
        return shape * Math.log(rate) - SpecialFunctions.lnGamma(shape) + (shape - 1) * Math.log(x) - rate * x;
    }

    /** Draws N(0, 1). */
    public static double standardGaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Draws Laplace(0, 1). */
    public static double standardLaplace(SplittableRandom random) {
        double v = random.nextDouble() - 0.5;
        return -Math.signum(v) * Math.log(1 - 2 * Math.abs(v));
    }

    /** Draws Gamma(shape, rate). */
    public static double gammaSample(double shape, double rate, SplittableRandom random) {
        return GammaSampler.sample(shape, random) / rate;
    }
}
