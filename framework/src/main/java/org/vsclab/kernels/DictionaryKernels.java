package org.vsclab.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The linear dictionary's gradient step after its product is formed, as one host pass: Φ ← Φ + η·(P/B
 * − 2ρ·Φ) in float64, then Φ's float32 shadow, with exactly the operations the engine sequence
 * performs (a division by B, two products with the engine's float64 constants, a difference and a
 * sum, each rounded; the shadow rounded to nearest), instead of six engine operations and an indexed
 * copy.
 */
public final class DictionaryKernels {

    private DictionaryKernels() {}

    /**
     * Takes the step.
     *
     * @param product P = Σ_b r_b z_bᵀ, D × K
     * @param phi Φ, D × K, updated in place
     * @param phi32 Φ's float32 shadow, overwritten
     * @param batch B
     * @param twoRho 2ρ as the engine's float64 constant
     * @param eta η as the engine's float64 constant
     */
    public static void step(DoubleBuffer product, DoubleBuffer phi, FloatBuffer phi32, long batch, double twoRho, double eta) {
        double b = batch;
        int n = phi.capacity();
        HostParallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double p = phi.get(i);
                double gradient = product.get(i) / b - p * twoRho;
                double updated = p + gradient * eta;
                phi.put(i, updated);
                phi32.put(i, (float) updated);
            }
            return 0;
        });
    }
}
