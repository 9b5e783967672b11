package org.vsclab.plugins.metrics.numerics;

/**
 * How consistently repeated stochastic inference picks the same support for a datum, method.md §16.8
 * (Fig. 5): for R inferences of one datum with supports S_r = {k : z_k ≠ 0}, restricted to the atoms
 * kept by an atom filter (by default those with norm &gt; 0.1).
 *
 * <ul>
 *   <li>{@link Mode#SIMILARITY} (the correct definition, the default): the mean Jaccard similarity
 *       |S_r ∩ S_s| / |S_r ∪ S_s| over the R(R−1)/2 distinct pairs, 1 when both sets are empty;
 *   <li>{@link Mode#REFERENCE_DISTANCE}: the reference's Jaccard <em>distance</em> 1 − J summed over
 *       the ordered pairs n ∈ 0…R−1, m ∈ 1…R−1 (including n = m) and divided by R(R−1).
 * </ul>
 */
public final class SupportConsistency {

    /** Which score. */
    public enum Mode {
        /** Mean Jaccard similarity over distinct pairs. */
        SIMILARITY,
        /** The reference's summed Jaccard distance over its ordered pairs, divided by R(R − 1). */
        REFERENCE_DISTANCE
    }

    private SupportConsistency() {}

    /**
     * Scores the R inferences of one datum.
     *
     * @param codes R × K values of one datum's R inferred codes (row-major)
     * @param repeats R ≥ 2
     * @param atoms K
     * @param keep which atoms count (null: all)
     * @param mode the score
     * @return the score
     */
    public static double score(double[] codes, int repeats, int atoms, boolean[] keep, Mode mode) {
        if (repeats < 2) {
            throw new IllegalArgumentException("support consistency needs at least 2 repeats, got " + repeats);
        }
        if (mode == Mode.SIMILARITY) {
            double sum = 0;
            for (int r = 0; r < repeats; r++) {
                for (int s = r + 1; s < repeats; s++) {
                    sum += jaccard(codes, r, s, atoms, keep);
                }
            }
            return sum / (repeats * (repeats - 1) / 2.0);
        }
        double sum = 0;
        for (int n = 0; n < repeats; n++) {
            for (int m = 1; m < repeats; m++) {
                sum += 1 - jaccard(codes, n, m, atoms, keep);
            }
        }
        return sum / (repeats * (double) (repeats - 1));
    }

    /** Returns |S_r ∩ S_s| / |S_r ∪ S_s|, or 1 if both are empty. */
    static double jaccard(double[] codes, int r, int s, int atoms, boolean[] keep) {
        int intersection = 0;
        int union = 0;
        for (int k = 0; k < atoms; k++) {
            if (keep != null && !keep[k]) {
                continue;
            }
            boolean a = codes[r * atoms + k] != 0;
            boolean b = codes[s * atoms + k] != 0;
            if (a && b) {
                intersection++;
            }
            if (a || b) {
                union++;
            }
        }
        return union == 0 ? 1 : (double) intersection / union;
    }
}
