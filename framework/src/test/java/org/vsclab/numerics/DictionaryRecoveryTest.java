package org.vsclab.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class DictionaryRecoveryTest {

    private static final int D = 64;
    private static final int K = 32;

    @Test
    void permutedSignFlippedRescaledCopyIsFullyRecovered() {
        Random random = new Random(11);
        Matrix truth = gaussian(D, K, random);
        Matrix learned = permutedFlippedRescaled(truth, random);

        DictionaryRecovery r = DictionaryRecovery.compare(truth, learned, 0.99);

        assertThat(r.recovered()).isEqualTo(K);
        assertThat(r.trueAtoms()).isEqualTo(K);
        assertThat(r.fraction()).isEqualTo(1.0);
        assertThat(r.meanBestCosine()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void extraLearnedAtomsDoNotHurt() {
        Random random = new Random(12);
        Matrix truth = gaussian(D, K, random);
        Matrix copy = permutedFlippedRescaled(truth, random);
        Matrix extra = gaussian(D, 16, random);
        Matrix learned = concatColumns(copy, extra);

        DictionaryRecovery r = DictionaryRecovery.compare(truth, learned, 0.99);

        assertThat(r.recovered()).isEqualTo(K);
        assertThat(r.meanBestCosine()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void replacingHalfTheAtomsWithRandomVectorsRecoversHalf() {
        Random random = new Random(13);
        Matrix truth = gaussian(D, K, random);
        double[] data = permutedFlippedRescaled(truth, random).data().clone();
        // Replace 16 learned columns by fresh Gaussian vectors.
        for (int c = 0; c < K; c += 2) {
            for (int r = 0; r < D; r++) {
                data[r * K + c] = random.nextGaussian();
            }
        }
        Matrix learned = new Matrix(D, K, data);

        DictionaryRecovery r = DictionaryRecovery.compare(truth, learned, 0.9);

        // In D = 64, the cosine of two independent Gaussian vectors has standard deviation 1/8, so the
        // best of 32 is about 0.35 and exceeding 0.6 (4.8 standard deviations) is very unlikely; the
        // seed is fixed anyway. Each true atom therefore either has its exact copy (|cos| = 1) or a
        // best |cos| below 0.6, so exactly half are recovered and the mean lies in [0.5, 0.5 + 0.5·0.6].
        assertThat(r.recovered()).isEqualTo(K / 2);
        assertThat(r.fraction()).isEqualTo(0.5);
        assertThat(r.meanBestCosine()).isBetween(0.5, 0.8);
        for (double b : bestAbsCosinesNaively(truth, learned)) {
            assertThat(b < 0.6 || Math.abs(b - 1) < 1e-12).as("best |cos| %f", b).isTrue();
        }
    }

    @Test
    void agreesWithANaiveComputation() {
        Random random = new Random(14);
        Matrix truth = gaussian(D, 10, random);
        Matrix learned = gaussian(D, 7, random);
        double[] best = bestAbsCosinesNaively(truth, learned);
        double mean = 0;
        int above = 0;
        for (double b : best) {
            mean += b / best.length;
            above += b >= 0.2 ? 1 : 0;
        }

        DictionaryRecovery r = DictionaryRecovery.compare(truth, learned, 0.2);

        assertThat(r.meanBestCosine()).isCloseTo(mean, within(1e-12));
        assertThat(r.recovered()).isEqualTo(above);
        assertThat(r.recovered()).isBetween(1, 9); // the threshold really splits this case
    }

    @Test
    void zeroNormAtomsHaveCosineZero() {
        // Truth: e1 and a zero atom. Learned: a zero atom and -3·e1.
        Matrix truth = new Matrix(3, 2, new double[] {
            1, 0,
            0, 0,
            0, 0});
        Matrix learned = new Matrix(3, 2, new double[] {
            0, -3,
            0, 0,
            0, 0});

        DictionaryRecovery r = DictionaryRecovery.compare(truth, learned, 0.5);

        assertThat(r.recovered()).isEqualTo(1);
        assertThat(r.fraction()).isEqualTo(0.5);
        assertThat(r.meanBestCosine()).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void noLearnedAtomsRecoversNothing() {
        Matrix truth = gaussian(4, 3, new Random(15));
        DictionaryRecovery r = DictionaryRecovery.compare(truth, new Matrix(4, 0, new double[0]), 0.5);
        assertThat(r.recovered()).isZero();
        assertThat(r.meanBestCosine()).isZero();
    }

    @Test
    void mismatchedAtomLengthFailsNamingBothShapes() {
        Random random = new Random(16);
        assertThatThrownBy(() -> DictionaryRecovery.compare(gaussian(64, 10, random), gaussian(32, 10, random), 0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64×10")
                .hasMessageContaining("32×10");
    }

    @Test
    void rejectsBadThresholdsEmptyTruthAndNonFiniteValues() {
        Matrix m = gaussian(4, 2, new Random(17));
        assertThatThrownBy(() -> DictionaryRecovery.compare(m, m, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DictionaryRecovery.compare(m, m, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DictionaryRecovery.compare(new Matrix(4, 0, new double[0]), m, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no atoms");
        double[] bad = m.data().clone();
        bad[3] = Double.NaN;
        assertThatThrownBy(() -> DictionaryRecovery.compare(m, new Matrix(4, 2, bad), 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learned");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Matrix gaussian(int d, int k, Random random) {
        double[] data = new double[d * k];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return new Matrix(d, k, data);
    }

    /** Columns in a random order, each multiplied by a random sign and a scale in [0.1, 10). */
    private static Matrix permutedFlippedRescaled(Matrix m, Random random) {
        List<Integer> perm = new ArrayList<>();
        for (int c = 0; c < m.cols(); c++) {
            perm.add(c);
        }
        Collections.shuffle(perm, random);
        double[] out = new double[m.data().length];
        for (int c = 0; c < m.cols(); c++) {
            double factor = (random.nextBoolean() ? 1 : -1) * (0.1 + 9.9 * random.nextDouble());
            int source = perm.get(c);
            for (int r = 0; r < m.rows(); r++) {
                out[r * m.cols() + c] = factor * m.get(r, source);
            }
        }
        return new Matrix(m.rows(), m.cols(), out);
    }

    private static Matrix concatColumns(Matrix a, Matrix b) {
        int cols = a.cols() + b.cols();
        double[] out = new double[a.rows() * cols];
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = c < a.cols() ? a.get(r, c) : b.get(r, c - a.cols());
            }
        }
        return new Matrix(a.rows(), cols, out);
    }

    /** The quantity under test, by plain loops. */
    private static double[] bestAbsCosinesNaively(Matrix truth, Matrix learned) {
        double[] best = new double[truth.cols()];
        for (int i = 0; i < truth.cols(); i++) {
            for (int j = 0; j < learned.cols(); j++) {
                double dot = 0;
                for (int r = 0; r < truth.rows(); r++) {
                    dot += truth.get(r, i) * learned.get(r, j);
                }
                double norms = truth.columnNorm(i) * learned.columnNorm(j);
                best[i] = Math.max(best[i], norms == 0 ? 0 : Math.abs(dot) / norms);
            }
        }
        return best;
    }
}
