package org.vsclab.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class AtomMatchingTest {

    @Test
    void oneLearnedAtomCannotRecoverTwoTrueAtoms() {
        // t1 = e1, t2 ∝ e1 + 0.1 e2 (|cos(t2, e1)| = 0.995); learned: e1 and e3.
        double c = 1 / Math.sqrt(1.01);
        Matrix truth = new Matrix(3, 2, new double[] {1, c, 0, 0.1 * c, 0, 0});
        Matrix learned = new Matrix(3, 2, new double[] {1, 0, 0, 0, 0, 1});

        DictionaryRecovery many = DictionaryRecovery.compare(truth, learned, 0.95);
        DictionaryRecovery one = DictionaryRecovery.compareOneToOne(truth, learned, 0.95);

        assertThat(many.recovered()).isEqualTo(2);
        assertThat(one.recovered()).isEqualTo(1);
        assertThat(one.fraction()).isEqualTo(0.5);
        // The best assignment gives e1 to t1 (cos 1) and e3 to t2 (cos 0): mean 0.5.
        assertThat(one.meanBestCosine()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aPermutedSignFlippedCopyIsFullyRecoveredOneToOne() {
        Random random = new Random(3);
        int d = 20;
        int k = 12;
        double[] t = new double[d * k];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextGaussian();
        }
        int[] perm = {5, 2, 9, 0, 11, 7, 1, 3, 10, 4, 8, 6};
        double[] l = new double[d * k];
        for (int r = 0; r < d; r++) {
            for (int col = 0; col < k; col++) {
                l[r * k + perm[col]] = (col % 2 == 0 ? -3 : 0.5) * t[r * k + col];
            }
        }
        DictionaryRecovery r = DictionaryRecovery.compareOneToOne(new Matrix(d, k, t), new Matrix(d, k, l), 0.99);
        assertThat(r.recovered()).isEqualTo(k);
        assertThat(r.meanBestCosine()).isCloseTo(1, within(1e-12));
    }

    @Test
    void theMaximumMatchingBeatsGreedyChoices() {
        // Row 0 can take column 0 or 1, row 1 only column 0: greedy (row 0 → 0) would match one, the maximum is two.
        double[][] score = {{0.99, 0.97}, {0.98, 0.1}};
        assertThat(AtomMatching.maximumMatching(score, 0.95)).isEqualTo(2);
        assertThat(AtomMatching.maximumMatching(score, 0.985)).isEqualTo(1);
    }

    @Test
    void theHungarianAssignmentIsOptimalAgainstBruteForce() {
        Random random = new Random(17);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + random.nextInt(4);
            int m = n + random.nextInt(3);
            double[][] score = new double[n][m];
            for (double[] row : score) {
                for (int c = 0; c < m; c++) {
                    row[c] = random.nextDouble();
                }
            }
            int[] a = AtomMatching.bestAssignment(score);
            double total = 0;
            boolean[] used = new boolean[m];
            for (int r = 0; r < n; r++) {
                assertThat(used[a[r]]).isFalse();
                used[a[r]] = true;
                total += score[r][a[r]];
            }
            assertThat(total).isCloseTo(bruteForce(score, 0, new boolean[m]), within(1e-12));
            // More rows than columns: the transposed problem, same optimum.
            double[][] t = new double[m][n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < m; c++) {
                    t[c][r] = score[r][c];
                }
            }
            int[] b = AtomMatching.bestAssignment(t);
            double totalT = 0;
            int assigned = 0;
            for (int r = 0; r < m; r++) {
                if (b[r] >= 0) {
                    totalT += t[r][b[r]];
                    assigned++;
                }
            }
            assertThat(assigned).isEqualTo(n);
            assertThat(totalT).isCloseTo(total, within(1e-12));
        }
    }

    /** The best total over every assignment of rows r… to unused columns. */
    private static double bruteForce(double[][] score, int r, boolean[] used) {
        if (r == score.length) {
            return 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.max(best, score[r][c] + bruteForce(score, r + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}
