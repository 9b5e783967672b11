package org.vsclab.plugins.dnnmetrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Fréchet distance between two Gaussians, ‖m₁ − m₂‖² + Tr(C₁ + C₂ − 2(C₁C₂)^{1/2}) (the FID
 * formula, method.md §16.10), and the statistics it is computed from. The trace of the square root is
 * computed without a non-symmetric square root: with S = C₁^{1/2} (from the eigendecomposition of
 * C₁), C₁C₂ is similar to S C₂ S, which is symmetric positive semi-definite, so
 * Tr (C₁C₂)^{1/2} = Σ √μᵢ over the eigenvalues μᵢ of S C₂ S (negative rounding residue clipped at 0).
 * Everything is in float64.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /**
     * The mean and covariance of a set of feature vectors.
     *
     * @param mean (d)
     * @param covariance (d × d)
     */
    public record Moments(INDArray mean, INDArray covariance) {}

    /**
     * Computes the mean and the unbiased covariance (divided by n − 1, as numpy's {@code cov}) of the
     * rows of a matrix.
     *
     * @param rows (n × d), n ≥ 2
     * @return the moments
     */
    public static Moments moments(INDArray rows) {
        INDArray x = rows.castTo(DataType.DOUBLE);
        long n = x.rows();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 feature vectors, got " + n);
        }
        INDArray mean = x.mean(0);
        INDArray centred = x.subRowVector(mean);
        INDArray covariance = centred.transpose().mmul(centred).divi(n - 1);
        return new Moments(mean, covariance);
    }

    /**
     * Computes the distance between two Gaussians.
     *
     * @param a the first (mean, covariance)
     * @param b the second
     * @return the Fréchet distance, ≥ 0 up to rounding
     */
    public static double between(Moments a, Moments b) {
        INDArray diff = a.mean().sub(b.mean());
        double meanTerm = diff.mul(diff).sumNumber().doubleValue();
        double traceRoot = traceOfSquareRoot(a.covariance(), b.covariance());
        double trace = trace(a.covariance()) + trace(b.covariance());
        return meanTerm + trace - 2 * traceRoot;
    }

    private static double trace(INDArray square) {
        double t = 0;
        for (long i = 0; i < square.rows(); i++) {
            t += square.getDouble(i, i);
        }
        return t;
    }

    /** Returns Tr (C₁C₂)^{1/2} for symmetric positive semi-definite C₁, C₂. */
    static double traceOfSquareRoot(INDArray c1, INDArray c2) {
        INDArray root = symmetricSquareRoot(c1);
        INDArray m = root.mmul(c2).mmul(root);
        m = m.add(m.transpose()).muli(0.5);        // symmetric up to rounding; make it exactly so
        INDArray mu = Eigen.symmetricGeneralizedEigenvalues(m.dup(), false);
        return Transforms.sqrt(Transforms.max(mu, 0.0), false).sumNumber().doubleValue();
    }

    /** Returns S with S·S = C for a symmetric positive semi-definite C (negative eigenvalues clipped at 0). */
    static INDArray symmetricSquareRoot(INDArray c) {
        INDArray vectors = c.castTo(DataType.DOUBLE).dup();
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);   // vectors now holds the eigenvectors
        INDArray roots = Transforms.sqrt(Transforms.max(values, 0.0), false);
        return vectors.mulRowVector(roots).mmul(vectors.transpose());
    }

    /**
     * The distance between the Gaussians fitted to two sets of feature vectors.
     *
     * @param first (n₁ × d)
     * @param second (n₂ × d)
     * @return the Fréchet distance
     */
    public static double ofFeatures(INDArray first, INDArray second) {
        return between(moments(first), moments(second));
    }

    /** Returns an (n × d) float64 matrix of row-major values. */
    static INDArray matrix(double[] values, int rows, int cols) {
        return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
