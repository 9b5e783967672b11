package org.vsclab.plugins.metrics.numerics;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.vsclab.spi.Matrix;

/**
 * Multi-information (total correlation) of codes, method.md §16.3: MI = Σ_k H(Z_k) − H(Z_1, …, Z_K)
 * with plug-in (maximum-likelihood) entropies in bits over discretised codes.
 *
 * <p>Discretisation: exactly zero is its own symbol; every other value is binned by the edges
 * linspace(−2, 2, e) plus ±1e-50 as numpy's {@code digitize} does (values beyond ±2 fall into the end
 * bins), so a value just below 0 and one just above 0 are different symbols, as in the reference. With
 * e = 20 (the linear study) that is 23 symbols, with e = 30 (the DNN studies) 33.
 *
 * <p>With n samples the joint entropy is at most log₂ n, so the metric is dominated by the sum of the
 * marginal entropies (method.md §16.3, caveat); it is the published metric nonetheless.
 */
public final class MultiInformation {

    private final double[] edges;

    /**
     * Creates the estimator.
     *
     * @param edgeCount e, the number of points of linspace(−2, 2, e) (20 linear, 30 DNN); at least 2
     */
    public MultiInformation(int edgeCount) {
        if (edgeCount < 2) {
            throw new IllegalArgumentException("need at least 2 bin edges, got " + edgeCount);
        }
        double[] grid = new double[edgeCount + 2];
        for (int i = 0; i < edgeCount; i++) {
            grid[i] = -2 + 4.0 * i / (edgeCount - 1);
        }
        grid[edgeCount] = -1e-50;
        grid[edgeCount + 1] = 1e-50;
        java.util.Arrays.sort(grid);
        this.edges = grid;
    }

    /** Returns the number of symbols a value can map to (edges + 1). */
    public int symbols() {
        return edges.length + 1;
    }

    /**
     * Returns a value's symbol: numpy's {@code digitize(v, edges)}, i.e. the number of edges ≤ v, with
     * an exact zero mapped explicitly to the symbol of [−1e-50, 1e-50).
     *
     * @param value a code value
     * @return its symbol in [0, symbols())
     */
    public int symbol(double value) {
        if (value == 0) {
            return zeroSymbol();
        }
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Returns the symbol of exact zeros. */
    public int zeroSymbol() {
        int i = java.util.Arrays.binarySearch(edges, -1e-50);
        return i + 1;
    }

    /**
     * The parts of the estimate.
     *
     * @param bits Σ_k H(Z_k) − H(Z), in bits
     * @param marginalBits Σ_k H(Z_k)
     * @param jointBits H(Z_1, …, Z_K), at most log₂ n
     * @param samples n
     */
    public record Result(double bits, double marginalBits, double jointBits, int samples) {}

    /**
     * Estimates the multi-information of codes.
     *
     * @param codes n × K, one code per row
     * @return the estimate
     */
    public Result estimate(Matrix codes) {
        int n = codes.rows();
        int k = codes.cols();
        if (n == 0) {
            throw new IllegalArgumentException("multi-information needs at least one code");
        }
        byte[][] symbols = new byte[n][k];
        int[][] counts = new int[k][symbols()];
        double[] data = codes.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int s = symbol(data[i * k + j]);
                symbols[i][j] = (byte) s;
                counts[j][s]++;
            }
        }
        double marginal = 0;
        for (int j = 0; j < k; j++) {
            marginal += entropyBits(counts[j], n);
        }
        Map<ByteBuffer, Integer> joint = new HashMap<>();
        for (byte[] row : symbols) {
            joint.merge(ByteBuffer.wrap(row), 1, Integer::sum);
        }
        int[] jointCounts = joint.values().stream().mapToInt(Integer::intValue).toArray();
        double jointBits = entropyBits(jointCounts, n);
        return new Result(marginal - jointBits, marginal, jointBits, n);
    }

    /** Returns −Σ p log₂ p of counts summing to n. */
    static double entropyBits(int[] counts, int n) {
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }
}
