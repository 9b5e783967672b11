package org.vsclab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.testing.TestEngine;

/**
 * Scoring samples under a linear dictionary: the sparse decode and the scoring of given
 * reconstructions against a float64 evaluation of (1/D)‖x − Φz‖² written out term by term, and the
 * result of a datum independent of the rest of the batch (so of how the batch is split over threads).
 */
class LinearScoringTest {

    private static NDManager manager;
    private static final int D = 48;
    private static final int K = 40;
    private static final int B = 70;
    private static final int J = 6;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(2);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Codes with about 15 % non-zeros (and one all-zero sample), data, and a dictionary. */
    private static float[] codes(SplittableRandom r) {
        float[] z = new float[B * J * K];
        for (int i = J * K; i < z.length; i++) {
            z[i] = r.nextDouble() < 0.15 ? (float) r.nextDouble(-2, 2) : 0f;
        }
        return z;
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** (1/D) Σ_d (x_bd − Σ_k Φ_dk z_rk)² in float64, with the float32 inputs. */
    private static double expectedError(float[] phi, float[] x, float[] z, int row) {
        int b = row / J;
        double sum = 0;
        for (int d = 0; d < D; d++) {
            double decoded = 0;
            for (int k = 0; k < K; k++) {
                decoded += (double) phi[d * K + k] * z[row * K + k];
            }
            double e = x[b * D + d] - decoded;
            sum += e * e;
        }
        return sum / D;
    }

    @Test
    void sparseAndDenseScoresMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(8);
        float[] phi = values(r, D * K);
        float[] x = values(r, B * D);
        float[] z = codes(r);
        NDArray phiArray = manager.create(phi, new Shape(D, K));
        float[][] atoms = LinearScoring.atoms(phiArray);
        assertThat(atoms[3][5]).isEqualTo(phi[5 * K + 3]);

        SparseCodes rows = SparseCodes.of(B * J, K).fill(z);
        assertThat(rows.count(0)).isZero();
        float[] sparse = new float[B * J];
        NDArray reconstructions = HostViews.uninitialized(manager, new Shape(B * J, D));
        LinearScoring.sparseErrors(rows, atoms, x, J, sparse, HostViews.floats(reconstructions));

        NDArray engineDecoded = manager.create(z, new Shape(B * J, K)).matMul(phiArray.transpose());
        float[] dense = new float[B * J];
        LinearScoring.errors(HostViews.floats(engineDecoded), x, J, D, dense);

        float[] decodedOnHost = reconstructions.toFloatArray();
        float[] decodedByEngine = engineDecoded.toFloatArray();
        for (int i = 0; i < decodedOnHost.length; i++) {
            // float32 sums of at most K products of magnitude ≤ 4·|Φ|: a few ulps of Σ|Φ_dk z_k|.
            assertThat(Math.abs(decodedOnHost[i] - decodedByEngine[i])).isLessThanOrEqualTo(2e-5f * (1 + Math.abs(decodedByEngine[i])));
        }
        for (int row = 0; row < B * J; row++) {
            double expected = expectedError(phi, x, z, row);
            assertThat((double) sparse[row]).as("sparse, row %d", row).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-5 * (1 + expected)));
            assertThat((double) dense[row]).as("dense, row %d", row).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-5 * (1 + expected)));
        }
    }

    @Test
    void aDatumsScoresDoNotDependOnTheRestOfTheBatch() {
        SplittableRandom r = new SplittableRandom(9);
        float[][] atoms = new float[K][];
        for (int k = 0; k < K; k++) {
            atoms[k] = values(r, D);
        }
        float[] x = values(r, B * D);
        float[] z = codes(r);
        float[] whole = new float[B * J];
        LinearScoring.sparseErrors(SparseCodes.of(B * J, K).fill(z), atoms, x, J, whole, null);
        int first = 37;
        float[] tailCodes = java.util.Arrays.copyOfRange(z, first * J * K, B * J * K);
        float[] tailData = java.util.Arrays.copyOfRange(x, first * D, B * D);
        float[] tail = new float[(B - first) * J];
        LinearScoring.sparseErrors(SparseCodes.of((B - first) * J, K).fill(tailCodes), atoms, tailData, J, tail, null);
        assertThat(tail).containsExactly(java.util.Arrays.copyOfRange(whole, first * J, B * J));
    }

    @Test
    void theCrossoverSplitsDensities() {
        assertThat(LinearScoring.prefersSparse(0.05)).isTrue();
        assertThat(LinearScoring.prefersSparse(0.9)).isFalse();
        assertThat(LinearScoring.prefersSparse(LinearScoring.DENSITY_CROSSOVER)).isTrue();
    }
}
