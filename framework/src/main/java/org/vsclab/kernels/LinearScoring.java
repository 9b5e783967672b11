package org.vsclab.kernels;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;

/**
 * The per-sample squared error e_r = (1/D)‖x_b − Φz_r‖² of every sample r = b·J + j against its datum
 * under a linear dictionary Φ (D × K), accumulated in float64. Sparse samples are decoded from their
 * non-zeros ({@link #sparseErrors}: D multiply-adds per non-zero, instead of D·K per sample); denser
 * ones by one engine product, whose reconstructions {@link #errors} then scores. {@link
 * #prefersSparse} is the crossover between the two, measured with the JMH kernels of the bench
 * module (docs/performance.md).
 */
public final class LinearScoring {

    /**
     * Above this fraction of non-zero codes, one dense engine product decodes faster than the host
     * decodes the non-zeros (measured at D = K = 256, B·J = 2,000 on 2 cores; the ratio of the two
     * costs, and so the crossover, does not depend on the shapes to first order).
     */
    public static final double DENSITY_CROSSOVER = 0.25;

    private LinearScoring() {}

    /**
     * Returns whether samples of the given density are scored faster from their non-zeros.
     *
     * @param density the fraction of non-zero codes
     * @return true below the crossover
     */
    public static boolean prefersSparse(double density) {
        return density <= DENSITY_CROSSOVER;
    }

    /**
     * Returns Φᵀ (K × D, row-major) of a D × K dictionary, so that each atom's values are contiguous
     * (transposed in 16 × 16 blocks, so that reads and writes stay within a few cache lines).
     *
     * @param phi Φ, a float32 (D, K) CPU array
     * @return Φᵀ
     */
    public static float[] atoms(NDArray phi) {
        int dimension = Math.toIntExact(phi.getShape().get(0));
        int atoms = Math.toIntExact(phi.getShape().get(1));
        float[] rows = HostViews.copy(phi);
        float[] t = new float[rows.length];
        final int block = 16;
        for (int d0 = 0; d0 < dimension; d0 += block) {
            for (int k0 = 0; k0 < atoms; k0 += block) {
                for (int d = d0, dEnd = Math.min(dimension, d0 + block); d < dEnd; d++) {
                    for (int k = k0, kEnd = Math.min(atoms, k0 + block); k < kEnd; k++) {
                        t[k * dimension + d] = rows[d * atoms + k];
                    }
                }
            }
        }
        return t;
    }

    /**
     * Decodes each sample from its non-zeros and returns its squared error.
     *
     * @param codes the samples' non-zeros, B·J rows of width K
     * @param phiT Φᵀ, K × D row-major ({@link #atoms})
     * @param data the data, B × D row-major
     * @param samples J
     * @param dimension D
     * @param errors where e_r goes, B·J
     * @param reconstructions where Φz_r goes, (B·J) × D, or null
     */
    public static void sparseErrors(SparseCodes codes, float[] phiT, float[] data, int samples, int dimension, float[] errors,
            FloatBuffer reconstructions) {
        int width = codes.width();
        int batch = codes.rows() / samples;
        long work = (long) samples * Math.max(1, codes.nonZeros() / Math.max(1, codes.rows())) * dimension;
        HostParallel.forRange(batch, work, (from, to) -> {
            float[] decoded = new float[dimension];
            int[] indices = codes.indices();
            float[] values = codes.values();
            for (int b = from; b < to; b++) {
                for (int j = 0; j < samples; j++) {
                    int row = b * samples + j;
                    java.util.Arrays.fill(decoded, 0f);
                    int base = row * width;
                    for (int i = 0, n = codes.count(row); i < n; i++) {
                        float v = values[base + i];
                        int atom = indices[base + i] * dimension;
                        for (int d = 0; d < dimension; d++) {
                            decoded[d] += v * phiT[atom + d];
                        }
                    }
                    if (reconstructions != null) {
                        reconstructions.put(row * dimension, decoded, 0, dimension);
                    }
                    errors[row] = squaredError(data, b * dimension, decoded, dimension);
                }
            }
            return 0;
        });
    }

    /**
     * Scores samples whose reconstructions are given (e.g. by one dense engine product).
     *
     * @param reconstructions Φz_r, (B·J) × D in C order
     * @param data the data, B × D row-major
     * @param samples J
     * @param dimension D
     * @param errors where e_r goes, B·J
     */
    public static void errors(FloatBuffer reconstructions, float[] data, int samples, int dimension, float[] errors) {
        int batch = data.length / dimension;
        HostParallel.forRange(batch, (long) samples * dimension, (from, to) -> {
            float[] decoded = new float[dimension];
            for (int b = from; b < to; b++) {
                for (int j = 0; j < samples; j++) {
                    int row = b * samples + j;
                    reconstructions.get(row * dimension, decoded, 0, dimension);
                    errors[row] = squaredError(data, b * dimension, decoded, dimension);
                }
            }
            return 0;
        });
    }

    /** Returns (1/D) Σ_d (x_d − x̂_d)², summed in float64 with four independent accumulators. */
    private static float squaredError(float[] data, int offset, float[] decoded, int dimension) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int d = 0;
        for (; d + 3 < dimension; d += 4) {
            double e0 = data[offset + d] - decoded[d];
            double e1 = data[offset + d + 1] - decoded[d + 1];
            double e2 = data[offset + d + 2] - decoded[d + 2];
            double e3 = data[offset + d + 3] - decoded[d + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; d < dimension; d++) {
            double e = data[offset + d] - decoded[d];
            s0 += e * e;
        }
        return (float) ((s0 + s1 + s2 + s3) / dimension);
    }
}
