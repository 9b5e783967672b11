package org.vsclab.plugins.patches;

/**
 * Per-pixel mean and (population) standard deviation of patches, P × P arrays, computed in one
 * streaming pass over patch positions: each patch is read from its image into one reused buffer and
 * added to double-precision sums, so no patch set is ever held in memory.
 *
 * @param mean row-major, P²
 * @param std row-major, P², the population standard deviation (numpy's {@code std}, ddof = 0)
 * @param count the number of patches they summarise
 */
public record PixelStatistics(double[] mean, double[] std, long count) {

    /**
     * Computes the statistics of the patches at the given positions.
     *
     * @param positions the numbering
     * @param selected the positions to summarise (at least one)
     * @return the statistics
     */
    public static PixelStatistics of(PatchPositions positions, int[] selected) {
        if (selected.length == 0) {
            throw new IllegalArgumentException("no patches to compute statistics over");
        }
        int d = positions.size() * positions.size();
        float[] patch = new float[d];
        // Sums of x − shift with a per-pixel shift (the first patch), so that the variance of values far
        // from 0 keeps its digits.
        double[] shift = new double[d];
        positions.copy(selected[0], patch, 0);
        for (int k = 0; k < d; k++) {
            shift[k] = patch[k];
        }
        double[] sum = new double[d];
        double[] squares = new double[d];
        for (int p : selected) {
            positions.copy(p, patch, 0);
            for (int k = 0; k < d; k++) {
                double v = patch[k] - shift[k];
                sum[k] += v;
                squares[k] += v * v;
            }
        }
        double n = selected.length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int k = 0; k < d; k++) {
            double m = sum[k] / n;
            mean[k] = shift[k] + m;
            std[k] = Math.sqrt(Math.max(0, squares[k] / n - m * m));
        }
        return new PixelStatistics(mean, std, selected.length);
    }
}
