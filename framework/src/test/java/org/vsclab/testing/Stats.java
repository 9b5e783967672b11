package org.vsclab.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistical assertions with tolerances derived from the sample size: an estimate must lie within
 * k standard errors of the analytic value (k = 4 unless stated: a false failure rate below 1e-4).
 */
public final class Stats {

    /** The default number of standard errors. */
    public static final double K = 4;

    private Stats() {}

    /**
     * Asserts that an empirical proportion matches a probability.
     *
     * @param what a description for the failure message
     * @param observed the empirical proportion
     * @param p the analytic probability
     * @param n the number of Bernoulli draws
     */
    public static void assertProportion(String what, double observed, double p, long n) {
        double se = Math.sqrt(p * (1 - p) / n);
        assertThat(Math.abs(observed - p))
                .as("%s: observed %.6f, expected %.6f ± %.1f·%.2e (n = %d)", what, observed, p, K, se, n)
                .isLessThanOrEqualTo(K * se);
    }

    /**
     * Asserts that a sample mean matches an expectation.
     *
     * @param what a description for the failure message
     * @param mean the sample mean
     * @param sampleStd the sample standard deviation
     * @param expected the analytic expectation
     * @param n the sample size
     */
    public static void assertMean(String what, double mean, double sampleStd, double expected, long n) {
        double se = sampleStd / Math.sqrt(n);
        assertThat(Math.abs(mean - expected))
                .as("%s: mean %.6f, expected %.6f ± %.1f·%.2e (n = %d)", what, mean, expected, K, se, n)
                .isLessThanOrEqualTo(K * se);
    }

    /** Returns the mean of the values. */
    public static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** Returns the sample standard deviation of the values. */
    public static double std(float[] values) {
        double m = mean(values);
        double s = 0;
        for (float v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }
}
