package org.vsclab.plugins.metrics.numerics;

import org.vsclab.spi.Matrix;

/**
 * How a method's codes agree with reference codes (FISTA's on the same dictionary), method.md §16.6.
 * Over all n·K coefficients, with S the method's support (z ≠ 0) and F the reference's:
 *
 * <ul>
 *   <li>{@code active}: |S| / nK, the fraction of active coefficients;
 *   <li>{@code accuracy}: (nK − missed − excess) / nK with missed = |F \ S| and excess = |S \ F|, the
 *       per-datum (N − missed − excess)/N of the reference averaged over data;
 *   <li>{@code captured}: |S ∩ F| / |F|, the fraction of the reference support found (1 if F is empty);
 *   <li>{@code excess}: |S \ F| / nK, so that accuracy = 1 − missed/nK − excess;
 *   <li>{@code l1Distance}: (1/n) Σ_i ‖z_i − f_i‖₁.
 * </ul>
 *
 * @param active |S| / nK
 * @param accuracy 1 − (|F \ S| + |S \ F|) / nK
 * @param captured |S ∩ F| / |F|
 * @param excess |S \ F| / nK
 * @param l1Distance mean ‖z − f‖₁ per datum
 */
public record SupportAgreement(double active, double accuracy, double captured, double excess, double l1Distance) {

    /**
     * Compares codes with reference codes.
     *
     * @param codes the method's, n × K
     * @param reference the reference's (FISTA), n × K
     * @return the agreement
     */
    public static SupportAgreement compare(Matrix codes, Matrix reference) {
        if (codes.rows() != reference.rows() || codes.cols() != reference.cols()) {
            throw new IllegalArgumentException("codes are " + codes.rows() + "×" + codes.cols() + " but the reference codes are "
                    + reference.rows() + "×" + reference.cols());
        }
        double[] z = codes.data();
        double[] f = reference.data();
        long active = 0;
        long referenceActive = 0;
        long both = 0;
        long excess = 0;
        long missed = 0;
        double l1 = 0;
        for (int i = 0; i < z.length; i++) {
            boolean s = z[i] != 0;
            boolean r = f[i] != 0;
            if (s) {
                active++;
            }
            if (r) {
                referenceActive++;
            }
            if (s && r) {
                both++;
            } else if (s) {
                excess++;
            } else if (r) {
                missed++;
            }
            l1 += Math.abs(z[i] - f[i]);
        }
        double total = z.length;
        return new SupportAgreement(active / total, 1 - (missed + excess) / total,
                referenceActive == 0 ? 1 : (double) both / referenceActive, excess / total, l1 / codes.rows());
    }
}
