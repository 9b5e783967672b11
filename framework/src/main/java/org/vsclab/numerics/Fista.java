package org.vsclab.numerics;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vsclab.spi.Matrix;

/**
 * FISTA for the Lasso min_Z ½‖ΦZ − Y‖²_F + τ‖Z‖₁ over a whole batch (method.md §14.1), in ND4J
 * float32: Z = X = ΦᵀY, L = ‖Φ‖₂²; each iteration X' = S_{τ/L}(Z − (ΦᵀΦZ − ΦᵀY)/L), momentum
 * t' = (1 + √(1 + 4t²))/2; stop after {@code maxIterations} or when ‖X' − X‖_F/‖X‖_F ≤ tolerance (a zero
 * denominator counts as converged; a negative tolerance runs to the cap). ΦᵀΦ and ΦᵀY are formed once,
 * so an iteration costs one K × K by K × B product (BLAS gemm) and one pass over the batch for the
 * threshold, momentum and convergence test (on the arrays' native buffers, without further ND4J calls).
 */
public final class Fista {

    private final INDArray dictionary;
    private final INDArray gram;
    private final double lipschitz;

    /**
     * Prepares the solver for a dictionary.
     *
     * @param dictionary Φ, D × K
     */
    public Fista(Matrix dictionary) {
        this.dictionary = Nd4jMatrices.toNd4j(dictionary).castTo(DataType.FLOAT);
        this.gram = this.dictionary.transpose().mmul(this.dictionary);
        this.lipschitz = largestEigenvalue(gram);
    }

    /** Returns L = ‖Φ‖₂², the step's Lipschitz constant. */
    public double lipschitz() {
        return lipschitz;
    }

    private static double largestEigenvalue(INDArray symmetric) {
        INDArray v = Nd4j.ones(DataType.FLOAT, symmetric.rows(), 1);
        double lambda = 0;
        for (int i = 0; i < 500; i++) {
            INDArray w = symmetric.mmul(v);
            double norm = w.norm2Number().doubleValue();
            if (norm == 0) {
                return 0;
            }
            v = w.divi(norm);
            if (Math.abs(norm - lambda) <= 1e-7 * norm) {
                return norm;
            }
            lambda = norm;
        }
        return lambda;
    }

    /**
     * The solution for a batch.
     *
     * @param codes Z, K × B (one column per datum)
     * @param iterations how many iterations ran
     */
    public record Result(INDArray codes, int iterations) {}

    /**
     * Solves for a batch.
     *
     * @param data Y, D × B (one column per datum)
     * @param tau the L1 weight τ
     * @param maxIterations the iteration cap (500 in the reference)
     * @param tolerance the relative-change tolerance (1e-3 in the reference; 0 runs to the cap)
     * @return the codes and the iteration count
     */
    public Result solve(INDArray data, double tau, int maxIterations, double tolerance) {
        INDArray y = data.castTo(DataType.FLOAT);
        INDArray phiTy = dictionary.transpose().mmul(y).dup('c');
        int n = (int) phiTy.length();
        float[] target = phiTy.data().asFloat();
        float[] x = target.clone();
        INDArray z = phiTy.dup('c');
        INDArray product = Nd4j.createUninitialized(DataType.FLOAT, phiTy.shape(), 'c');
        FloatBuffer zBuffer = z.data().asNioFloat();
        FloatBuffer productBuffer = product.data().asNioFloat();
        float inverseL = (float) (1 / lipschitz);
        float threshold = (float) (tau / lipschitz);
        double t = 1;
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            Nd4j.gemm(gram, z, product, false, false, 1.0, 0.0);
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            float momentum = (float) ((t - 1) / tNext);
            double changeSquared = 0;
            double previousSquared = 0;
            // One pass over the batch: the gradient step, the soft threshold S_{τ/L}, the change, the momentum.
            for (int i = 0; i < n; i++) {
                float zi = zBuffer.get(i);
                float v = zi - (productBuffer.get(i) - target[i]) * inverseL;
                float next = v > threshold ? v - threshold : (v < -threshold ? v + threshold : 0f);
                float change = next - x[i];
                changeSquared += (double) change * change;
                previousSquared += (double) x[i] * x[i];
                zBuffer.put(i, next + momentum * change);
                x[i] = next;
            }
            t = tNext;
            if (previousSquared == 0 || Math.sqrt(changeSquared / previousSquared) <= tolerance) {
                break;
            }
        }
        return new Result(Nd4j.create(x, phiTy.shape(), 'c'), iteration);
    }

    /**
     * Returns the mean per-datum objective ½‖x − Φz‖² + τ‖z‖₁ (method.md §16.1).
     *
     * @param data Y, D × B
     * @param codes Z, K × B
     * @param tau τ
     * @return the mean objective over the batch's columns
     */
    public double objective(INDArray data, INDArray codes, double tau) {
        INDArray y = data.castTo(DataType.DOUBLE);
        INDArray z = codes.castTo(DataType.DOUBLE);
        INDArray residual = y.sub(dictionary.castTo(DataType.DOUBLE).mmul(z));
        double squared = residual.mul(residual).sumNumber().doubleValue();
        double l1 = Transforms.abs(z, true).sumNumber().doubleValue();
        return (0.5 * squared + tau * l1) / y.columns();
    }
}
