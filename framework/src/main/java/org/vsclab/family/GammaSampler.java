package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.vsclab.spi.GammaDraws;

/**
 * Reparameterised Gamma(α, 1) sampling on the host (DJL has no Gamma sampler): Marsaglia–Tsang for
 * α ≥ 1, with the shape augmentation g = g′·U^{1/α}, g′ ~ Gamma(α + 1) for α &lt; 1, clamped to the
 * smallest positive normal float as PyTorch does. The draws' implicit-reparameterisation gradient
 * ∂g/∂α (method.md §6), which does not depend on how g was drawn, is attached by {@link
 * ImplicitGammaDraws}.
 */
public final class GammaSampler {

    private static final double SMALLEST = Float.MIN_NORMAL;

    private GammaSampler() {}

    /**
     * Draws one Gamma(α, 1) sample.
     *
     * @param alpha the shape, &gt; 0
     * @param random the generator
     * @return the sample, at least the smallest positive normal float
     */
    public static double sample(double alpha, SplittableRandom random) {
        if (alpha < 1) {
            double u = 1 - random.nextDouble();   // (0, 1]
            return Math.max(SMALLEST, sample(alpha + 1, random) * Math.pow(u, 1 / alpha));
        }
        double d = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = StandardDraws.normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return Math.max(SMALLEST, d * v);
            }
        }
    }

    /**
     * Draws a (rows × samples × cols) block: for each row r, column k and sample j, g ~ Gamma(α[r, k], 1).
     * Rows are drawn in parallel from generators split off in row order, so the result does not
     * depend on the number of threads.
     *
     * @param alpha shapes, row-major rows × cols
     * @param rows B
     * @param samples J
     * @param cols K
     * @param random the generator (advanced by one split per row)
     * @return the samples laid out (rows, samples, cols) row-major
     */
    private static float[] sampleBlock(float[] alpha, int rows, int samples, int cols, SplittableRandom random) {
        float[] g = new float[rows * samples * cols];
        SplittableRandom[] perRow = new SplittableRandom[rows];
        for (int r = 0; r < rows; r++) {
            perRow[r] = random.split();
        }
        IntStream.range(0, rows).parallel().forEach(r -> {
            SplittableRandom rng = perRow[r];
            for (int j = 0; j < samples; j++) {
                for (int k = 0; k < cols; k++) {
                    g[(r * samples + j) * cols + k] = (float) sample(alpha[r * cols + k], rng);
                }
            }
        });
        return g;
    }

    /**
     * Draws g ~ Gamma(α, 1) of shape (B, samples, K) for a context, as engine arrays of α's data type;
     * their derivatives are computed later, and only if a gradient is asked for.
     *
     * @param manager owner of the arrays
     * @param alpha shapes, (B, K)
     * @param samples J
     * @param random the host generator
     * @param differentiable whether the draws will be attached to α
     * @return the draws
     */
    public static GammaDraws draws(NDManager manager, NDArray alpha, int samples, SplittableRandom random,
            boolean differentiable) {
        int rows = (int) alpha.getShape().get(0);
        int cols = (int) alpha.getShape().get(1);
        float[] shapes = alpha.toType(DataType.FLOAT32, false).toFloatArray();
        float[] block = sampleBlock(shapes, rows, samples, cols, random);
        NDArray g = manager.create(block, new Shape(rows, samples, cols)).toType(alpha.getDataType(), false);
        return new ImplicitGammaDraws(g, differentiable);
    }
}
