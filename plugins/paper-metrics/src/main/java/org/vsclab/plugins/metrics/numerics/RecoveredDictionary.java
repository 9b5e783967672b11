package org.vsclab.plugins.metrics.numerics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.vsclab.spi.Matrix;

/**
 * The recovered dictionary of method.md §16.11: the least-squares regression of the data on the
 * codes, Φ̂ = C_sr·C_rr⁺ with C_sr = XᵀZ/n and C_rr = ZᵀZ/n (⁺ the Moore–Penrose pseudo-inverse, from
 * an SVD, so atoms no code uses come out as zero columns). For a linear generator it is the dictionary
 * that best explains the data from the codes a method actually infers.
 */
public final class RecoveredDictionary {

    private RecoveredDictionary() {}

    /**
     * Regresses data on codes.
     *
     * @param data X, n × D
     * @param codes Z, n × K
     * @return Φ̂, D × K
     */
    public static Matrix of(Matrix data, Matrix codes) {
        int n = data.rows();
        if (codes.rows() != n || n == 0) {
            throw new IllegalArgumentException("data has " + n + " rows and codes " + codes.rows() + "; both need the same, at least 1");
        }
        int d = data.cols();
        int k = codes.cols();
        double[][] csr = new double[d][k];
        double[][] crr = new double[k][k];
        double[] x = data.data();
        double[] z = codes.data();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double za = z[i * k + a];
                if (za == 0) {
                    continue;
                }
                for (int r = 0; r < d; r++) {
                    csr[r][a] += x[i * d + r] * za / n;
                }
                for (int b = 0; b < k; b++) {
                    crr[a][b] += za * z[i * k + b] / n;
                }
            }
        }
        RealMatrix pinv = new SingularValueDecomposition(new Array2DRowRealMatrix(crr, false)).getSolver().getInverse();
        RealMatrix phi = new Array2DRowRealMatrix(csr, false).multiply(pinv);
        double[] out = new double[d * k];
        for (int r = 0; r < d; r++) {
            System.arraycopy(phi.getRow(r), 0, out, r * k, k);
        }
        return new Matrix(d, k, out);
    }
}
