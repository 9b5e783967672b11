package org.vsclab.report;

import java.util.List;
import java.util.Locale;

/**
 * The mean and the population standard deviation (ddof = 0, as the paper's "mean (std)" over three
 * runs, method.md §17.1) of one metric over the runs of a group.
 *
 * @param mean the mean
 * @param std the population standard deviation (0 for one run)
 * @param n how many runs had the metric
 */
public record Stat(double mean, double std, int n) {

    /**
     * Summarises values.
     *
     * @param values the values (finite or not)
     * @return the statistic, with n = 0 and NaN for no values
     */
    public static Stat of(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Stat(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Stat(mean, Math.sqrt(squares / n), n);
    }

    /**
     * Formats as "mean ± std" (or the mean alone for one run) with significant digits.
     *
     * @param scale a factor applied first
     * @param digits significant digits of the mean
     * @return the text, "–" when there is no value
     */
    public String format(double scale, int digits) {
        if (n == 0) {
            return "–";
        }
        String m = number(mean * scale, digits);
        return n == 1 ? m : m + " ± " + number(std * scale, 2);
    }

    static String number(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v != 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) {
            return String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }
}
