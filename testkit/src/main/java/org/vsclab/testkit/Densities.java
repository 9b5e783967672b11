package org.vsclab.testkit;

import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.family.GammaSampler;
import org.vsclab.family.LearnedThreshold;
import org.vsclab.family.SpecialFunctions;
import org.vsclab.family.StandardDraws;

/**
 * Log-densities of the base distributions in double precision, and single Monte-Carlo terms
 * ln q(x) − ln p(x) with x ~ q, for checks of closed-form KL terms ({@link
 * VariationalFamilyConformance#sampleLogRatio}).
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

    /**
     * Draws z ~ N(mean, variance) and returns ln N(z; mean, variance) − ln N(z; 0, priorVariance).
     *
     * @param mean the posterior mean
     * @param variance the posterior variance
     * @param priorVariance the zero-mean prior's variance
     * @param random the generator
     * @return one term of KL(q ‖ p)
     */
    public static double gaussianLogRatio(double mean, double variance, double priorVariance, SplittableRandom random) {
        double z = mean + Math.sqrt(variance) * StandardDraws.normal(random);
        return gaussian(z, mean, variance) - gaussian(z, 0, priorVariance);
    }

    /**
     * Draws z ~ Laplace(location, scale) and returns ln Laplace(z; location, scale) − ln Laplace(z; 0, priorScale).
     *
     * @param location the posterior location
     * @param scale the posterior scale
     * @param priorScale the zero-location prior's scale
     * @param random the generator
     * @return one term of KL(q ‖ p)
     */
    public static double laplaceLogRatio(double location, double scale, double priorScale, SplittableRandom random) {
        double z = location + scale * StandardDraws.laplace(random);
        return laplace(z, location, scale) - laplace(z, 0, priorScale);
    }

    /**
     * Draws λ from a learned threshold's Gamma posterior (α = e^a, β = e^b from its heads) and returns
     * ln Gamma(λ; α, β) − ln Gamma(λ; α₀, α₀/λ₀), before the family's weight κ_Γ.
     *
     * @param heads raw head values holding {@link LearnedThreshold#SHAPE_HEAD} and {@link LearnedThreshold#RATE_HEAD}
     * @param priorShape α₀
     * @param priorMean λ₀
     * @param random the generator
     * @return one term of KL(q ‖ p)
     */
    public static double learnedThresholdLogRatio(Map<String, Double> heads, double priorShape, double priorMean,
            SplittableRandom random) {
        double alpha = Math.exp(heads.get(LearnedThreshold.SHAPE_HEAD));
        double beta = Math.exp(heads.get(LearnedThreshold.RATE_HEAD));
        double lambda = GammaSampler.sample(alpha, random) / beta;
        return gamma(lambda, alpha, beta) - gamma(lambda, priorShape, priorShape / priorMean);
    }
}
