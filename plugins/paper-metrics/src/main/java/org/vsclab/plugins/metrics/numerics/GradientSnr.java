package org.vsclab.plugins.metrics.numerics;

import java.util.Arrays;

/**
 * The signal-to-noise ratio of stochastic gradients, method.md §16.7 (Fig. 4): for every element of
 * a gradient vector, SNR = |mean| / (std + 1e-9) over many stochastic passes (std with ddof = 0, as
 * numpy's), then the nanmean and the median over elements. Passes are added one at a time
 * (Welford's update in double precision), so 1,000 passes of a 1.6 M-parameter encoder cost two
 * double arrays, not a 1,000-row matrix.
 */
public final class GradientSnr {

    private final double[] mean;
    private final double[] m2;
    private long passes;

    /**
     * Creates an accumulator.
     *
     * @param elements the length of every gradient vector
     */
    public GradientSnr(int elements) {
        this.mean = new double[elements];
        this.m2 = new double[elements];
    }

    /**
     * Adds one pass's gradient.
     *
     * @param gradient the flattened gradient, {@code elements} long
     */
    public void add(float[] gradient) {
        if (gradient.length != mean.length) {
            throw new IllegalArgumentException("gradient has " + gradient.length + " elements, expected " + mean.length);
        }
        passes++;
        for (int i = 0; i < gradient.length; i++) {
            double delta = gradient[i] - mean[i];
            mean[i] += delta / passes;
            m2[i] += delta * (gradient[i] - mean[i]);
        }
    }

    /** Returns the number of passes added. */
    public long passes() {
        return passes;
    }

    /**
     * The aggregate over elements.
     *
     * @param mean the nanmean of the per-element SNR (elements whose SNR is NaN are skipped)
     * @param median the median of the per-element SNR over the non-NaN ones
     */
    public record Summary(double mean, double median) {}

    /** Returns the per-element SNR |mean| / (std + 1e-9). */
    public double[] perElement() {
        if (passes == 0) {
            throw new IllegalStateException("no passes added");
        }
        double[] snr = new double[mean.length];
        for (int i = 0; i < snr.length; i++) {
            double std = Math.sqrt(m2[i] / passes);
            snr[i] = Math.abs(mean[i]) / (std + 1e-9);
        }
        return snr;
    }

    /** Returns the nanmean and median of {@link #perElement()}. */
    public Summary summary() {
        return summarise(perElement());
    }

    /**
     * Returns the nanmean and the median of values, skipping NaN.
     *
     * @param values the values
     * @return the summary (NaN when every value is NaN)
     */
    public static Summary summarise(double[] values) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) {
            return new Summary(Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : finite) {
            sum += v;
        }
        int n = finite.length;
        double median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
        return new Summary(sum / n, median);
    }
}
