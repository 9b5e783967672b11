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
     * decodes the non-zeros. Measured at D = K = 256, B·J = 2,000 on the 2-core machine (process CPU
     * time, {@code ScoringKernels} in the bench module; docs/performance.md): the two cost the same at
     * about 50 % non-zeros, so 0.4 leaves a margin for the product's better use of a quiet machine. The
     * ratio of the two costs, and so the crossover, does not depend on the shapes to first order.
     */
    public static final double DENSITY_CROSSOVER = 0.4;

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
     * Returns the atoms of a D × K dictionary, one array of D values per atom (so that the decoding
     * loops index every array from 0: the JIT vectorises only such loops).
     *
     * @param phi Φ, a float32 (D, K) CPU array
     * @return the K atoms
     */
    public static float[][] atoms(NDArray phi) {
        int dimension = Math.toIntExact(phi.getShape().get(0));
        int count = Math.toIntExact(phi.getShape().get(1));
        float[] rows = HostViews.copy(phi);
        float[][] atoms = new float[count][dimension];
        final int block = 16;
        for (int d0 = 0; d0 < dimension; d0 += block) {
            for (int k0 = 0; k0 < count; k0 += block) {
                for (int d = d0, dEnd = Math.min(dimension, d0 + block); d < dEnd; d++) {
                    for (int k = k0, kEnd = Math.min(count, k0 + block); k < kEnd; k++) {
                        atoms[k][d] = rows[d * count + k];
                    }
                }
            }
        }
        return atoms;
    }

    /**
     * Decodes each sample from its non-zeros and returns its squared error.
     *
     * @param codes the samples' non-zeros, B·J rows of width K
     * @param atoms Φ's atoms ({@link #atoms})
     * @param data the data, B × D row-major
     * @param samples J
     * @param errors where e_r goes, B·J
     * @param reconstructions where Φz_r goes, (B·J) × D, or null
     */
    public static void sparseErrors(SparseCodes codes, float[][] atoms, float[] data, int samples, float[] errors,
            FloatBuffer reconstructions) {
        int width = codes.width();
        int dimension = atoms.length == 0 ? 0 : atoms[0].length;
        int batch = codes.rows() / samples;
        long work = (long) samples * Math.max(1, codes.nonZeros() / Math.max(1, codes.rows())) * dimension;
        HostParallel.forRange(batch, work, (from, to) -> {
            float[] decoded = new float[dimension];
            float[] datum = new float[dimension];
            int[] indices = codes.indices();
            float[] values = codes.values();
            for (int b = from; b < to; b++) {
                System.arraycopy(data, b * dimension, datum, 0, dimension);
                for (int j = 0; j < samples; j++) {
                    int row = b * samples + j;
                    decode(indices, values, row * width, codes.count(row), atoms, decoded);
                    if (reconstructions != null) {
                        reconstructions.put(row * dimension, decoded, 0, dimension);
                    }
                    errors[row] = squaredError(datum, decoded);
                }
            }
            return 0;
        });
    }

    /** decoded = Σ_i values[i]·atoms[indices[i]], four atoms per pass over the D values. */
    private static void decode(int[] indices, float[] values, int base, int count, float[][] atoms, float[] decoded) {
        java.util.Arrays.fill(decoded, 0f);
        int dimension = decoded.length;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            float v0 = values[base + i];
            float v1 = values[base + i + 1];
            float v2 = values[base + i + 2];
            float v3 = values[base + i + 3];
            float[] a0 = atoms[indices[base + i]];
            float[] a1 = atoms[indices[base + i + 1]];
            float[] a2 = atoms[indices[base + i + 2]];
            float[] a3 = atoms[indices[base + i + 3]];
            for (int d = 0; d < dimension; d++) {
                decoded[d] += v0 * a0[d] + v1 * a1[d] + v2 * a2[d] + v3 * a3[d];
            }
        }
        for (; i < count; i++) {
            float v = values[base + i];
            float[] a = atoms[indices[base + i]];
            for (int d = 0; d < dimension; d++) {
                decoded[d] += v * a[d];
            }
        }
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
            float[] datum = new float[dimension];
            for (int b = from; b < to; b++) {
                System.arraycopy(data, b * dimension, datum, 0, dimension);
                for (int j = 0; j < samples; j++) {
                    int row = b * samples + j;
                    reconstructions.get(row * dimension, decoded, 0, dimension);
                    errors[row] = squaredError(datum, decoded);
                }
            }
            return 0;
        });
    }

    /**
     * Returns (1/D) Σ_d (x_d − x̂_d)²: the differences in float32 as the engine takes them (in place, in
     * {@code decoded}), their squares summed in float64 with four accumulators.
     */
    private static float squaredError(float[] datum, float[] decoded) {
        int dimension = datum.length;
        for (int d = 0; d < dimension; d++) {
            decoded[d] = datum[d] - decoded[d];
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int d = 0;
        for (; d + 3 < dimension; d += 4) {
            double e0 = decoded[d];
            double e1 = decoded[d + 1];
            double e2 = decoded[d + 2];
            double e3 = decoded[d + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; d < dimension; d++) {
            double e = decoded[d];
            s0 += e * e;
        }
        return (float) ((s0 + s1 + s2 + s3) / dimension);
    }
}
