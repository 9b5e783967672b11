package org.vsclab.components;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.vsclab.family.StandardDraws;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;

/**
 * A synthetic sparse-coding problem with a known answer: a ground-truth dictionary Φ (D × K) with
 * i.i.d. Gaussian entries and unit-norm columns; each sample has exactly k distinct active atoms with
 * amplitudes from a chosen distribution, plus Gaussian noise of standard deviation σ:
 * x = Σ_{i ∈ S} a_i φ_i + σ·n. The whole problem is fixed by its own seed.
 */
public final class SyntheticDataSource implements DataSource {

    /** How the amplitudes of active atoms are drawn. */
    public enum Amplitude {
        /** N(0, scale²). */
        GAUSSIAN,
        /** Laplace(0, scale). */
        LAPLACE,
        /** A random sign times U(scale/2, scale): bounded away from zero. */
        SIGNED_UNIFORM,
        /** A random sign times scale·(0.5 + Exp(1)): heavy-tailed and bounded away from zero (|a| ≥ scale/2). */
        SIGNED_EXPONENTIAL
    }

    /**
     * The generator's settings.
     *
     * @param dimension D
     * @param atoms K
     * @param active k, the exact number of active atoms per sample (≤ K)
     * @param amplitude the amplitude distribution
     * @param scale its scale
     * @param noise σ
     * @param trainSamples training split size
     * @param validationSamples validation split size
     * @param seed the problem's seed
     */
    public record Spec(int dimension, int atoms, int active, Amplitude amplitude, double scale, double noise,
            int trainSamples, int validationSamples, long seed) {}

    private final Spec spec;
    private final Matrix dictionary;
    private final InMemoryDataset train;
    private final InMemoryDataset validation;
    private final int[] trainAtoms;
    private final double[] trainAmplitudes;

    /**
     * Generates the problem.
     *
     * @param spec the settings
     */
    public SyntheticDataSource(Spec spec) {
        if (spec.active() > spec.atoms()) {
            throw new IllegalArgumentException("active atoms k = " + spec.active() + " exceeds atoms K = " + spec.atoms());
        }
        this.spec = spec;
        SplittableRandom random = new SplittableRandom(spec.seed());
        this.dictionary = randomUnitColumns(spec.dimension(), spec.atoms(), random);
        this.trainAtoms = new int[spec.trainSamples() * spec.active()];
        this.trainAmplitudes = new double[trainAtoms.length];
        this.train = generate(spec.trainSamples(), random, trainAtoms, trainAmplitudes);
        this.validation = generate(spec.validationSamples(), random, null, null);
    }

    private static Matrix randomUnitColumns(int rows, int cols, SplittableRandom random) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = StandardDraws.normal(random);
        }
        for (int c = 0; c < cols; c++) {
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += data[r * cols + c] * data[r * cols + c];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                data[r * cols + c] /= norm;
            }
        }
        return new Matrix(rows, cols, data);
    }

    /** Generates n samples; records each sample's atoms and amplitudes when the arrays are given. */
    private InMemoryDataset generate(int n, SplittableRandom random, int[] atoms, double[] amplitudes) {
        int d = spec.dimension();
        int k = spec.atoms();
        float[] values = new float[n * d];
        int[] order = new int[k];
        double[] x = new double[d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < k; i++) {
                order[i] = i;
            }
            java.util.Arrays.fill(x, 0);
            for (int a = 0; a < spec.active(); a++) {
                int pick = a + random.nextInt(k - a);
                int atom = order[pick];
                order[pick] = order[a];
                order[a] = atom;
                double amplitude = amplitude(random);
                if (atoms != null) {
                    atoms[s * spec.active() + a] = atom;
                    amplitudes[s * spec.active() + a] = amplitude;
                }
                for (int r = 0; r < d; r++) {
                    x[r] += amplitude * dictionary.get(r, atom);
                }
            }
            for (int r = 0; r < d; r++) {
                values[s * d + r] = (float) (x[r] + spec.noise() * StandardDraws.normal(random));
            }
        }
        return new InMemoryDataset(values, n, d);
    }

    private double amplitude(SplittableRandom random) {
        return switch (spec.amplitude()) {
            case GAUSSIAN -> spec.scale() * StandardDraws.normal(random);
            case LAPLACE -> spec.scale() * StandardDraws.laplace(random);
            case SIGNED_UNIFORM -> (random.nextBoolean() ? 1 : -1) * spec.scale() * (0.5 + 0.5 * random.nextDouble());
            case SIGNED_EXPONENTIAL -> (random.nextBoolean() ? 1 : -1) * spec.scale() * (0.5 - Math.log(1 - random.nextDouble()));
        };
    }

    @Override
    public Dataset train() {
        return train;
    }

    @Override
    public Dataset validation() {
        return validation;
    }

    @Override
    public Map<String, String> identity() {
        return InMemoryDataset.identity("synthetic", Map.of("vsc.data.spec", spec.toString()), train, validation);
    }

    /** Returns the true codes of the training split (N × K, exactly k non-zeros per row). */
    public Matrix trueCodes() {
        int n = spec.trainSamples();
        int k = spec.atoms();
        double[] dense = new double[n * k];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < spec.active(); a++) {
                dense[s * k + trainAtoms[s * spec.active() + a]] = trainAmplitudes[s * spec.active() + a];
            }
        }
        return new Matrix(n, k, dense);
    }

    @Override
    public Optional<Matrix> trueDictionary() {
        return Optional.of(dictionary);
    }
}
