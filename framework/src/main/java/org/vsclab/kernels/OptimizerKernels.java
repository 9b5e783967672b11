package org.vsclab.kernels;

import java.nio.FloatBuffer;

/**
 * SGD-Nesterov's update as one pass over a parameter, its gradient and its state on the host,
 * instead of six engine operations (and a temporary) per parameter. Each element goes through exactly
 * the float32 operations, in the order, that the engine implementation performs, so the results are
 * the same bit for bit; the pass also reports whether every updated value is finite
 * (the trainer's check after the step). The caller clears the gradient (the engine's own zeroing,
 * which is right whatever the gradient's layout).
 *
 * <p>Adam has no such twin: its update takes a float32 square root, which the engine computes with
 * a vectorised library routine that is not correctly rounded (17 % of the values differ by an ulp from
 * the correctly rounded root), so a host pass could not reproduce its runs bit for bit.
 */
public final class OptimizerKernels {

    private OptimizerKernels() {}

    /**
     * SGD with Nesterov momentum (PyTorch semantics): g ← g + wd·p; buf ← μ·buf + g; p ← p − lr·(g + μ·buf).
     *
     * @param p the parameter
     * @param g its gradient (read only)
     * @param buf the momentum buffer
     * @param momentum μ, as the engine's float32 constant
     * @param weightDecay wd, as the engine's float32 constant (0 for none)
     * @param learningRate lr, as the engine's float32 constant
     * @return whether every updated parameter value is finite
     */
    public static boolean sgdNesterov(FloatBuffer p, FloatBuffer g, FloatBuffer buf, float momentum, float weightDecay,
            float learningRate) {
        int n = p.capacity();
        boolean decay = weightDecay != 0;
        return HostParallel.forRange(n, 1, (from, to) -> {
            int bad = 0;
            for (int i = from; i < to; i++) {
                float pi = p.get(i);
                float gi = g.get(i);
                if (decay) {
                    gi = gi + pi * weightDecay;
                }
                float b = buf.get(i) * momentum + gi;
                buf.put(i, b);
                float updated = pi - (b * momentum + gi) * learningRate;
                p.put(i, updated);
                bad |= Float.isFinite(updated) ? 0 : 1;
            }
            return bad;
        }) == 0;
    }
}
