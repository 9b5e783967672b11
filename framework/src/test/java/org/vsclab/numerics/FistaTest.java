package org.vsclab.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.spi.Matrix;

/** FISTA solves the Lasso: the closed form for an orthonormal dictionary, and the optimality conditions in general. */
class FistaTest {

    private static Matrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return new Matrix(rows, cols, v);
    }

    @Test
    void identityDictionaryGivesTheSoftThreshold() {
        double[] eye = new double[16];
        for (int i = 0; i < 4; i++) {
            eye[i * 4 + i] = 1;
        }
        Fista fista = new Fista(new Matrix(4, 4, eye));
        INDArray y = Nd4j.create(new float[] {2f, -0.3f, 0.5f, -3f}, new long[] {4, 1});
        Fista.Result r = fista.solve(y, 0.5, 500, 1e-9);
        assertThat(r.codes().toFloatVector()).containsExactly(new float[] {1.5f, 0f, 0f, -2.5f}, within(1e-5f));
    }

    @Test
    void solutionSatisfiesTheLassoOptimalityConditions() {
        // KKT: g = Φᵀ(y − Φz); g_i = τ·sign(z_i) where z_i ≠ 0, |g_i| ≤ τ where z_i = 0.
        Matrix phi = random(20, 30, 1);
        Fista fista = new Fista(phi);
        INDArray y = Nd4j.create(random(20, 5, 2).data(), new long[] {20, 5}).castTo(DataType.FLOAT);
        double tau = 0.3;
        Fista.Result r = fista.solve(y, tau, 20_000, 1e-9);
        INDArray phiNd = Nd4jMatrices.toNd4j(phi);
        INDArray z = r.codes().castTo(DataType.DOUBLE);
        INDArray g = phiNd.transpose().mmul(y.castTo(DataType.DOUBLE).sub(phiNd.mmul(z)));
        for (int i = 0; i < z.rows(); i++) {
            for (int c = 0; c < z.columns(); c++) {
                double zi = z.getDouble(i, c);
                double gi = g.getDouble(i, c);
                if (Math.abs(zi) > 1e-6) {
                    assertThat(gi).isCloseTo(tau * Math.signum(zi), within(2e-3));
                } else {
                    assertThat(Math.abs(gi)).isLessThanOrEqualTo(tau + 2e-3);
                }
            }
        }
        assertThat(fista.objective(y, r.codes(), tau)).isLessThan(fista.objective(y, r.codes().mul(1.01), tau));
    }

    @Test
    void negativeToleranceRunsToTheCapAndZeroDataConvergesAtOnce() {
        Fista fista = new Fista(random(8, 8, 3));
        INDArray y = Nd4j.create(random(8, 2, 4).data(), new long[] {8, 2}).castTo(DataType.FLOAT);
        assertThat(fista.solve(y, 0.1, 37, -1).iterations()).isEqualTo(37);
        assertThat(fista.solve(Nd4j.zeros(DataType.FLOAT, 8, 2), 0.1, 500, 1e-3).iterations()).isEqualTo(1);
    }
}
