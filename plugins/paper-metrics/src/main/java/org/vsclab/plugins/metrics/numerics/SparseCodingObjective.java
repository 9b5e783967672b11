package org.vsclab.plugins.metrics.numerics;

import org.vsclab.spi.Matrix;

/**
 * The sparse-coding objective of method.md §16.1: (1/n)·Σ_i [½‖x_i − Φz_i‖² + λ_SC‖z_i‖₁], per datum,
 * with the reference plots' display variant adding f·‖Φ‖²_F.
 *
 * @param lambda λ_SC (20 in the paper)
 * @param frobeniusWeight f of the {@code with-fnorm} display (1e-3 in the final notebook), or 0 for
 *     the plain objective
 */
public record SparseCodingObjective(double lambda, double frobeniusWeight) {

    /** The plain objective with the paper's λ_SC = 20. */
    public static final SparseCodingObjective PAPER = new SparseCodingObjective(20, 0);

    /**
     * The objective's terms, each a mean per datum.
     *
     * @param value ½‖x − Φz‖² + λ‖z‖₁ (+ f‖Φ‖²_F)
     * @param halfSquaredError ½‖x − Φz‖²
     * @param l1 ‖z‖₁
     */
    public record Value(double value, double halfSquaredError, double l1) {}

    /**
     * Evaluates the objective.
     *
     * @param data X, n × D (one datum per row)
     * @param codes Z, n × K
     * @param dictionary Φ, D × K
     * @return the mean terms
     */
    public Value evaluate(Matrix data, Matrix codes, Matrix dictionary) {
        int n = data.rows();
        int d = data.cols();
        int k = codes.cols();
        if (codes.rows() != n || dictionary.rows() != d || dictionary.cols() != k) {
            throw new IllegalArgumentException("shapes do not fit: data " + n + "×" + d + ", codes " + codes.rows() + "×" + k
                    + ", dictionary " + dictionary.rows() + "×" + dictionary.cols());
        }
        double[] x = data.data();
        double[] z = codes.data();
        double[] phi = dictionary.data();
        double squared = 0;
        double l1 = 0;
        double[] reconstruction = new double[d];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(reconstruction, 0);
            for (int j = 0; j < k; j++) {
                double c = z[i * k + j];
                if (c != 0) {
                    l1 += Math.abs(c);
                    for (int r = 0; r < d; r++) {
                        reconstruction[r] += phi[r * k + j] * c;
                    }
                }
            }
            for (int r = 0; r < d; r++) {
                double e = x[i * d + r] - reconstruction[r];
                squared += e * e;
            }
        }
        double frobenius = 0;
        if (frobeniusWeight != 0) {
            for (double v : phi) {
                frobenius += v * v;
            }
        }
        double half = 0.5 * squared / n;
        double meanL1 = l1 / n;
        return new Value(half + lambda * meanL1 + frobeniusWeight * frobenius, half, meanL1);
    }
}
