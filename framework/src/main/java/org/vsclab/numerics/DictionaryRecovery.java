package org.vsclab.numerics;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vsclab.spi.Matrix;

/**
 * How well a learned dictionary recovers a ground-truth dictionary, the standard synthetic-data
 * check in sparse coding: for each true atom, the best |cosine similarity| with any learned atom.
 *
 * <p>Sign and scale of atoms are not identifiable, and neither is their order, so the score uses
 * absolute cosines and takes the best match for every true atom independently. Atoms with zero
 * norm have cosine 0 with everything.
 *
 * @param recovered true atoms whose best |cosine| reaches the threshold
 * @param trueAtoms number of true atoms (columns of the truth)
 * @param fraction {@code recovered / trueAtoms}
 * @param meanBestCosine mean over true atoms of the best |cosine|, in [0, 1]
 */
public record DictionaryRecovery(int recovered, int trueAtoms, double fraction, double meanBestCosine) {

    /** Checks that the counts are consistent. */
    public DictionaryRecovery {
        if (trueAtoms < 1 || recovered < 0 || recovered > trueAtoms) {
            throw new IllegalArgumentException("recovered " + recovered + " of " + trueAtoms + " true atoms");
        }
    }

    /**
     * Compares a learned dictionary with the ground truth.
     *
     * <p>Computed with ND4J in double precision: both dictionaries' columns are normalised, one
     * product {@code T̂ᵀ L̂} gives all K₁×K₂ cosines, and the row-wise maximum of their absolute
     * values is each true atom's best match.
     *
     * @param truth the true dictionary, D×K₁, one atom per column, K₁ ≥ 1
     * @param learned the learned dictionary, D×K₂, one atom per column (K₂ may differ from K₁, or be 0)
     * @param cosineThreshold best |cosine| at which a true atom counts as recovered, in [0, 1]
     * @return the recovery score
     * @throws IllegalArgumentException if D differs, truth has no atoms, a value is not finite, or the
     *     threshold is outside [0, 1]
     */
    public static DictionaryRecovery compare(Matrix truth, Matrix learned, double cosineThreshold) {
        if (truth.rows() != learned.rows()) {
            throw new IllegalArgumentException("truth and learned dictionaries must have the same atom length D"
                    + " (rows), but truth is " + shape(truth) + " and learned is " + shape(learned) + " (D×K)");
        }
        if (truth.cols() == 0) {
            throw new IllegalArgumentException("truth has no atoms: its shape is " + shape(truth) + " (D×K)");
        }
        if (!(cosineThreshold >= 0 && cosineThreshold <= 1)) {
            throw new IllegalArgumentException("cosineThreshold must be in [0, 1], got " + cosineThreshold);
        }
        requireFinite(truth, "truth");
        requireFinite(learned, "learned");
        double[] best = truth.rows() == 0 || learned.cols() == 0
                ? new double[truth.cols()]
                : bestAbsCosines(truth, learned);
        int recovered = 0;
        double sum = 0;
        for (double b : best) {
            if (b >= cosineThreshold) {
                recovered++;
            }
            sum += b;
        }
        return new DictionaryRecovery(recovered, best.length, (double) recovered / best.length, sum / best.length);
    }

    /**
     * Compares a learned dictionary with the ground truth under a one-to-one matching: a learned atom
     * can stand for at most one true atom. {@code recovered} is the largest number of true atoms that
     * distinct learned atoms match at |cosine| ≥ the threshold (a maximum bipartite matching), and
     * {@code meanBestCosine} the mean |cosine| of the assignment of true atoms to distinct learned atoms
     * with the largest total (Hungarian method; a true atom left without a learned atom counts 0).
     * Never more than {@link #compare}'s best-match-per-atom figures, which can count one learned atom
     * for several true atoms.
     *
     * @param truth the true dictionary, D×K₁, K₁ ≥ 1
     * @param learned the learned dictionary, D×K₂
     * @param cosineThreshold best |cosine| at which a true atom counts as recovered, in [0, 1]
     * @return the one-to-one recovery score
     * @throws IllegalArgumentException as {@link #compare}
     */
    public static DictionaryRecovery compareOneToOne(Matrix truth, Matrix learned, double cosineThreshold) {
        compare(truth, learned, cosineThreshold);   // validates
        if (truth.rows() == 0 || learned.cols() == 0) {
            return new DictionaryRecovery(0, truth.cols(), 0, 0);
        }
        double[][] cosines = Transforms.abs(cosines(truth, learned), false).toDoubleMatrix();
        int recovered = AtomMatching.maximumMatching(cosines, cosineThreshold);
        int[] assignment = AtomMatching.bestAssignment(cosines);
        double sum = 0;
        for (int t = 0; t < assignment.length; t++) {
            sum += assignment[t] < 0 ? 0 : Math.min(1.0, cosines[t][assignment[t]]);
        }
        return new DictionaryRecovery(recovered, truth.cols(), (double) recovered / truth.cols(), sum / truth.cols());
    }

    /** All K₁ × K₂ cosines between the columns of {@code truth} and those of {@code learned}. */
    private static INDArray cosines(Matrix truth, Matrix learned) {
        INDArray t = unitColumns(Nd4jMatrices.toNd4j(truth));
        INDArray l = unitColumns(Nd4jMatrices.toNd4j(learned));
        return t.transpose().mmul(l);
    }

    /** For each column of {@code truth}, the largest |cosine| with a column of {@code learned}. */
    private static double[] bestAbsCosines(Matrix truth, Matrix learned) {
        INDArray cosines = cosines(truth, learned);
        double[] best = Transforms.abs(cosines, false).max(1).toDoubleVector();
        for (int i = 0; i < best.length; i++) {
            best[i] = Math.min(1.0, best[i]);
        }
        return best;
    }

    /** Divides each column by its norm; zero columns stay zero. */
    private static INDArray unitColumns(INDArray a) {
        double[] norms = a.norm2(0).toDoubleVector();
        for (int i = 0; i < norms.length; i++) {
            if (norms[i] == 0) {
                norms[i] = 1;
            }
        }
        return a.divRowVector(Nd4j.create(norms, new long[] {1, norms.length}, a.dataType()));
    }

    private static void requireFinite(Matrix m, String name) {
        for (double v : m.data()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " dictionary " + shape(m) + " contains NaN or infinite values");
            }
        }
    }

    private static String shape(Matrix m) {
        return m.rows() + "×" + m.cols();
    }
}
