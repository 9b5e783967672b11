package org.vsclab.testkit;

import java.util.Map;
import org.vsclab.family.LearnedThreshold;
import org.vsclab.family.SpecialFunctions;

/**
 * Log-densities of the base distributions in double precision, written independently of the families'
 * array code, for {@link VariationalFamilyConformance#logRatio}: the KL check evaluates them on the
 * family's own samples.
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

    /** Returns ln Logistic(x; location, scale) = −t − 2 ln(1 + e^{−t}) − ln s with t = (x − μ)/s. */
    public static double logistic(double x, double location, double scale) {
        double t = Math.abs(x - location) / scale;   // the density is symmetric in t
        return -t - 2 * Math.log1p(Math.exp(-t)) - Math.log(scale);
    }

    /** Returns ln Gamma(x; shape, rate). */
    public static double gamma(double x, double shape, double rate) {
        return shape * Math.log(rate) - SpecialFunctions.lnGamma(shape) + (shape - 1) * Math.log(x) - rate * x;
    }

    /**
     * Returns ln Gamma(λ; α, β) − ln Gamma(λ; α₀, α₀/λ₀) for a learned threshold's draw λ (the sample
     * diagnostic {@code lambda}), before the family's weight κ_Γ; α = e^a and β = e^b from its heads.
     *
     * @param heads raw head values holding {@link LearnedThreshold#SHAPE_HEAD} and {@link LearnedThreshold#RATE_HEAD}
     * @param lambda the drawn threshold
     * @param priorShape α₀
     * @param priorMean λ₀
     * @return the log-ratio
     */
    public static double learnedThresholdLogRatio(Map<String, Double> heads, double lambda, double priorShape, double priorMean) {
        double alpha = Math.exp(heads.get(LearnedThreshold.SHAPE_HEAD));
        double beta = Math.exp(heads.get(LearnedThreshold.RATE_HEAD));
        return gamma(lambda, alpha, beta) - gamma(lambda, priorShape, priorShape / priorMean);
    }

    /**
     * Returns E[f(λ)] for λ ~ Gamma(shape, rate) by Simpson's rule on [0, mean + 40 sd] (4,000
     * intervals: an error of a few 1e-9 for the Laplace tail, far below the statistical tolerances it serves), e.g. the non-zero
     * fraction of a thresholded prior whose threshold is drawn from a Gamma prior, E[P(|ε| &gt; λ)].
     *
     * @param shape α ≥ 1
     * @param rate β &gt; 0
     * @param f the function
     * @return the expectation
     */
    public static double gammaExpectation(double shape, double rate, java.util.function.DoubleUnaryOperator f) {
        if (!(shape >= 1) || !(rate > 0)) {
            throw new IllegalArgumentException("need shape ≥ 1 and rate > 0");
        }
        double upper = shape / rate + 40 * Math.sqrt(shape) / rate;
        int intervals = 4_000;
        double h = upper / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double x = i * h;
            double density = x == 0 ? (shape == 1 ? rate : 0) : Math.exp(gamma(x, shape, rate));
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * density * f.applyAsDouble(x);
        }
        return sum * h / 3;
    }
}
