package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.family.StepPoint;
import org.vsclab.spi.Param;
import org.vsclab.spi.TrainingClock;

/**
 * Re-initialises the dictionary atoms that have gone unused (the classic fix of dictionary learning:
 * K-SVD's replacement of unused atoms, the sparse autoencoders' "resampling"), an option of the {@link
 * LinearDictionary} that the paper does not have. It counts how many of the training data use each
 * atom (a non-zero code, weighted by the selector's weights); every {@code every} iterations, until
 * {@code until}, each atom used by fewer than {@code deadUsage} times the mean atom's share of the
 * window (or the less used of two atoms whose |cosine| reaches {@code duplicateCosine}: one atom
 * learned twice) is replaced by the residual x − x̂ of the step's worst reconstructed datum (the largest
 * ‖x − x̂‖, a distinct datum for each atom replaced), normalised to the mean norm of the atoms kept,
 * and the counts start again.
 *
 * <p>Deterministic: it reads only the step's data, codes and reconstructions. Its counts are {@link
 * #state() state}, so a checkpoint taken mid-window resumes the same window.
 */
final class AtomResampling {

    /**
     * When and what to resample.
     *
     * @param every the window: a check after every this many iterations (or this fraction of the run)
     * @param deadUsage an atom is dead when its usage in the window is below this fraction of the mean atom's
     * @param until no check after this point of the run
     * @param duplicateCosine two atoms whose |cosine| reaches this are one atom twice: the less used of
     *     the pair is replaced too (above 1: never)
     */
    record Policy(StepPoint every, double deadUsage, StepPoint until, double duplicateCosine) {}

    private final Policy policy;
    /** Per atom, the (weighted) number of data of the current window whose code uses it, float64 (K). */
    private final NDArray usage;
    /** The number of atoms replaced so far (a float64 scalar array, so that it checkpoints like the rest). */
    private final NDArray replaced;

    AtomResampling(Policy policy, NDArray like, int atoms) {
        this.policy = policy;
        this.usage = like.getManager().zeros(new Shape(atoms), DataType.FLOAT64);
        this.replaced = like.getManager().zeros(new Shape(1), DataType.FLOAT64);
    }

    /**
     * Counts the step's usage and, at the end of a window, replaces the dead atoms.
     *
     * @param codes the step's codes, (B, J, K)
     * @param weights their weights, (B, J), or null for one selected sample per datum (J = 1)
     * @param residuals the step's residuals x − x̂ per datum, (B, D)
     * @param phi the dictionary, D × K float64, changed in place
     * @param clock where the run is
     * @return whether an atom was replaced (the caller then refreshes Φ's float32 shadow)
     */
    boolean afterStep(NDArray codes, NDArray weights, NDArray residuals, NDArray phi, TrainingClock clock) {
        NDArray used = codes.neq(0).toType(DataType.FLOAT64, false);
        if (weights != null) {
            used = used.mul(weights.toType(DataType.FLOAT64, false).expandDims(2));
        }
        usage.addi(used.sum(new int[] {0, 1}));
        long period = Math.max(1, policy.every().resolve(clock.totalSteps()));
        long done = clock.step() + 1;
        if (done % period != 0 || done > policy.until().resolve(clock.totalSteps())) {
            return false;
        }
        double[] counts = usage.toDoubleArray();
        usage.muli(0);
        double mean = 0;
        for (double c : counts) {
            mean += c / counts.length;
        }
        long dimension = phi.getShape().get(0);
        int atoms = counts.length;
        double[] p = phi.toDoubleArray();
        double[] norms = columnNorms(p, (int) dimension, atoms);
        // The atoms to replace: the dead ones in index order, then the duplicates not already among them.
        List<Integer> dead = new ArrayList<>();
        boolean[] replacing = new boolean[atoms];
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < policy.deadUsage() * mean) {
                dead.add(k);
                replacing[k] = true;
            }
        }
        for (int k : duplicates(p, (int) dimension, atoms, norms, counts)) {
            if (!replacing[k]) {
                dead.add(k);
                replacing[k] = true;
            }
        }
        if (dead.isEmpty()) {
            return false;
        }
        double keptNorm = 0;
        for (int k = 0; k < atoms; k++) {
            if (!replacing[k]) {
                keptNorm += norms[k] / (atoms - dead.size());
            }
        }
        if (keptNorm == 0) {
            keptNorm = 1;   // every atom dead: unit atoms
        }
        double[] r = residuals.toType(DataType.FLOAT64, false).toDoubleArray();
        int batch = (int) residuals.getShape().get(0);
        Integer[] worst = new Integer[batch];
        double[] norm = new double[batch];
        for (int b = 0; b < batch; b++) {
            worst[b] = b;
            for (int i = 0; i < dimension; i++) {
                norm[b] += r[(int) (b * dimension + i)] * r[(int) (b * dimension + i)];
            }
            norm[b] = Math.sqrt(norm[b]);
        }
        // Largest residual first; ties by index, so the order is a function of the step alone.
        java.util.Arrays.sort(worst, (a, b) -> norm[a] != norm[b] ? Double.compare(norm[b], norm[a]) : Integer.compare(a, b));
        int count = 0;
        for (int k : dead) {
            int b = worst[count % batch];
            if (norm[b] == 0) {
                break;
            }
            for (int i = 0; i < dimension; i++) {
                p[(int) (i * atoms + k)] = r[(int) (b * dimension + i)] / norm[b] * keptNorm;
            }
            count++;
        }
        if (count == 0) {
            return false;
        }
        try (NDArray updated = phi.getManager().create(p, phi.getShape())) {
            phi.set(new NDIndex(":"), updated);
        }
        replaced.addi(count);
        return true;
    }

    /** The atoms that are the less used of a pair with |cosine| ≥ the policy's (ties: the later atom), in index order. */
    private List<Integer> duplicates(double[] p, int dimension, int atoms, double[] norms, double[] counts) {
        List<Integer> found = new ArrayList<>();
        if (policy.duplicateCosine() > 1) {
            return found;
        }
        boolean[] marked = new boolean[atoms];
        for (int a = 0; a < atoms; a++) {
            for (int b = a + 1; b < atoms; b++) {
                if (marked[a] || marked[b] || norms[a] == 0 || norms[b] == 0) {
                    continue;
                }
                double dot = 0;
                for (int r = 0; r < dimension; r++) {
                    dot += p[r * atoms + a] * p[r * atoms + b];
                }
                if (Math.abs(dot) / (norms[a] * norms[b]) >= policy.duplicateCosine()) {
                    marked[counts[b] <= counts[a] ? b : a] = true;
                }
            }
        }
        for (int k = 0; k < atoms; k++) {
            if (marked[k]) {
                found.add(k);
            }
        }
        return found;
    }

    /** The Euclidean norm of each column of the row-major D × K matrix {@code p}. */
    private static double[] columnNorms(double[] p, int dimension, int atoms) {
        double[] norms = new double[atoms];
        for (int k = 0; k < atoms; k++) {
            for (int r = 0; r < dimension; r++) {
                norms[k] += p[r * atoms + k] * p[r * atoms + k];
            }
            norms[k] = Math.sqrt(norms[k]);
        }
        return norms;
    }

    /** The number of atoms replaced so far in the run. */
    long replaced() {
        return (long) replaced.getDouble(0);
    }

    /** The window's usage counts and the replacement count: what a checkpoint must restore. */
    List<Param> state() {
        return List.of(new Param("resample-usage", usage), new Param("resample-replaced", replaced));
    }
}
