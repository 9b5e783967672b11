package org.vsclab.plugins.metrics.numerics;

import org.vsclab.spi.Matrix;

/**
 * Statistics of a set of codes (n × K, one code per row): how sparse they are, which latents have
 * collapsed, and how much each dictionary atom is used (method.md §13, §16.4–16.5).
 */
public final class CodeStatistics {

    private CodeStatistics() {}

    /**
     * Returns the fraction of exactly non-zero entries.
     *
     * @param codes n × K
     * @return in [0, 1]
     */
    public static double nonZeroFraction(Matrix codes) {
        long nonZero = 0;
        for (double v : codes.data()) {
            if (v != 0) {
                nonZero++;
            }
        }
        return codes.data().length == 0 ? 0 : (double) nonZero / codes.data().length;
    }

    /**
     * Returns the fraction of columns k in which {@code |values[i][k]| ≤ threshold} holds for at least
     * {@code fraction} of the rows i: with codes and threshold 1e-2 the (0.01, 0.05) coefficient
     * collapse; with per-latent KLs and 1e-2 the (0.01, 0.05) posterior collapse (fraction 0.95).
     *
     * @param values n × K
     * @param threshold the bound on |value|
     * @param fraction the fraction of rows that must be within it (0.95)
     * @return the fraction of collapsed columns, in [0, 1] (multiply by 100 for the paper's percentage)
     */
    public static double collapsedFraction(Matrix values, double threshold, double fraction) {
        int n = values.rows();
        int k = values.cols();
        int[] within = new int[k];
        double[] data = values.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (Math.abs(data[i * k + j]) <= threshold) {
                    within[j]++;
                }
            }
        }
        int collapsed = 0;
        for (int j = 0; j < k; j++) {
            if (within[j] >= fraction * n) {
                collapsed++;
            }
        }
        return k == 0 ? 0 : (double) collapsed / k;
    }

    /**
     * Returns each atom's usage: the average number of data per batch of {@code batchSize} whose code
     * uses it (z_k ≠ 0), method.md §13.
     *
     * @param codes n × K
     * @param batchSize B
     * @return K values, each in [0, B]
     */
    public static double[] usagePerBatch(Matrix codes, int batchSize) {
        int n = codes.rows();
        int k = codes.cols();
        double[] usage = new double[k];
        double[] data = codes.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (data[i * k + j] != 0) {
                    usage[j]++;
                }
            }
        }
        for (int j = 0; j < k; j++) {
            usage[j] = n == 0 ? 0 : usage[j] * batchSize / n;
        }
        return usage;
    }
}
