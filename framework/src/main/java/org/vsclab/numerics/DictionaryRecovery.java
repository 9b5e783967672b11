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

    /** For each column of {@code truth}, the largest |cosine| with a column of {@code learned}. */
    private static double[] bestAbsCosines(Matrix truth, Matrix learned) {
        INDArray t = unitColumns(Nd4jMatrices.toNd4j(truth));
        INDArray l = unitColumns(Nd4jMatrices.toNd4j(learned));
        INDArray cosines = t.transpose().mmul(l);
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
