package org.vsclab.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.vsclab.spi.SamplingContext;

/**
 * Thresholded location-scale samples computed on the host in one pass over the raw draws (method.md
 * §4.3): with ε the unit noise of a raw draw, n = ε·s the scaled noise and λ the threshold, the code
 * is μ + sign(n)·(|n| − |λ|) where |n| &gt; |λ| and 0 elsewhere. Every operation is the float32
 * operation the engine's element-wise chain performs, in the same order; only the unit noise's
 * transcendental function (a logarithm for Laplace noise) may round differently from the engine's
 * vectorised one, by at most an ulp. Most codes are zero, and a raw draw that certainly gives a zero
 * is recognised by one comparison with a per-latent bound ({@link Noise#zeroBound}), so the
 * transcendental function is evaluated for the non-zeros (and a thin margin around the threshold)
 * only.
 */
public final class ThresholdSampling {

    private ThresholdSampling() {}

    /**
     * How a base distribution's unit noise follows from the engine's raw draws: the host twin of its
     * engine implementation ({@code LocationScaleBase.unitNoise}), which its tests compare with it.
     */
    public interface Noise {

        /**
         * Makes the raw draws from the context, exactly those the engine implementation makes.
         *
         * @param shape (B, J, K)
         * @param context the source of randomness
         * @return the raw draws, float32
         */
        NDArray draw(Shape shape, SamplingContext context);

        /** Returns the value subtracted from a raw draw before the transform (½ for uniform draws). */
        float offset();

        /**
         * Returns the unit noise ε of a centred raw draw c = raw − offset, in float32 arithmetic as the
         * base's engine implementation computes it.
         *
         * @param centred c
         * @return ε
         */
        float unit(float centred);

        /**
         * Returns a bound b ≥ 0 such that every centred draw with |c| &lt; b gives |ε|·s ≤ |λ| in float32
         * arithmetic for t = |λ|/s, with a margin for rounding (0 when no draw is certain).
         *
         * @param t |λ|/s, ≥ 0
         * @return the bound
         */
        float zeroBound(double t);
    }

    /**
     * Samples thresholded codes for a batch of B data with J samples each over K latents.
     *
     * @param raw the raw draws, (B, J, K) in C order
     * @param batch B
     * @param samples J
     * @param width K
     * @param loc μ, (B, K) row-major
     * @param scale s (noise scale, warm-up included), (B, K) row-major
     * @param lambda λ
     * @param noise the base's unit noise
     * @param dense where the codes go, (B, J, K) in C order (every value is written), or null
     * @param out where the non-zeros go (B·J rows of width K)
     * @return the number of non-zero codes
     */
    public static long sample(FloatBuffer raw, int batch, int samples, int width, float[] loc, float[] scale, float lambda,
            Noise noise, FloatBuffer dense, SparseCodes out) {
        float absLambda = Math.abs(lambda);
        float offset = noise.offset();
        return HostParallel.forRange(batch, (long) samples * width, (from, to) -> {
            float[] bound = new float[width];
            float[] draws = new float[width];
            float[] codes = new float[width];
            int[] indices = out.indices();
            float[] values = out.values();
            int nonZeros = 0;
            for (int b = from; b < to; b++) {
                int latentBase = b * width;
                for (int k = 0; k < width; k++) {
                    bound[k] = noise.zeroBound(absLambda / (double) scale[latentBase + k]);
                }
                for (int j = 0; j < samples; j++) {
                    int row = b * samples + j;
                    int base = row * width;
                    raw.get(base, draws, 0, width);
                    int n = 0;
                    for (int k = 0; k < width; k++) {
                        float c = draws[k] - offset;
                        float z = 0f;
                        if (!(Math.abs(c) < bound[k])) {
                            float scaled = noise.unit(c) * scale[latentBase + k];
                            float magnitude = Math.abs(scaled);
                            if (magnitude > absLambda) {
                                z = loc[latentBase + k] + Math.signum(scaled) * (magnitude - absLambda);
                            }
                        }
                        codes[k] = z;
                        if (z != 0f) {
                            indices[base + n] = k;
                            values[base + n] = z;
                            n++;
                        }
                    }
                    out.setCount(row, n);
                    nonZeros += n;
                    if (dense != null) {
                        dense.put(base, codes, 0, width);
                    }
                }
            }
            return nonZeros;
        });
    }

    /**
     * Returns the largest float ≤ x (0 for x ≤ 0 or NaN), for bounds that must not be exceeded.
     *
     * @param x the bound
     * @return the float bound
     */
    public static float roundedDown(double x) {
        if (!(x > 0)) {
            return 0f;
        }
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }
}
