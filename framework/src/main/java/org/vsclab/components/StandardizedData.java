package org.vsclab.components;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.vsclab.config.Settings;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;

/**
 * Any data source, standardised ({@code data.standardize}): {@code scale} divides every value by the
 * root mean square of the data (one number: the data keep their directions, so a true dictionary
 * stays true and recovery is still measured against it), {@code per-feature} subtracts each feature's
 * mean and divides by its standard deviation. The statistics come from the training split
 * ({@code data.standardize-on = train-only}) or from both splits ({@code all-patches}), in one
 * streaming pass; samples are transformed as they are copied, so nothing is held twice.
 */
public final class StandardizedData implements DataSource {

    /** How values are standardised. */
    public enum Mode {
        /** Unchanged. */
        NONE,
        /** Divided by the root mean square of all values. */
        SCALE,
        /** Centred and scaled per feature. */
        PER_FEATURE
    }

    private final DataSource data;
    private final Mode mode;
    private final boolean trainOnly;
    private final float[] shift;
    private final float[] scale;
    private final Dataset train;
    private final Dataset validation;

    private StandardizedData(DataSource data, Mode mode, boolean trainOnly) {
        this.data = data;
        this.mode = mode;
        this.trainOnly = trainOnly;
        int d = data.train().dimension();
        double[] sum = new double[d];
        double[] squares = new double[d];
        long n = accumulate(data.train(), sum, squares) + (trainOnly ? 0 : accumulate(data.validation(), sum, squares));
        this.shift = new float[d];
        this.scale = new float[d];
        if (mode == Mode.SCALE) {
            double total = 0;
            for (double s : squares) {
                total += s;
            }
            double rms = Math.sqrt(total / ((double) n * d));
            java.util.Arrays.fill(scale, (float) (rms > 0 ? 1 / rms : 1));
        } else {
            for (int k = 0; k < d; k++) {
                double mean = sum[k] / n;
                double std = Math.sqrt(Math.max(0, squares[k] / n - mean * mean));
                shift[k] = (float) mean;
                scale[k] = (float) (std > 0 ? 1 / std : 1);
            }
        }
        this.train = new View(data.train());
        this.validation = new View(data.validation());
    }

    /**
     * Applies the run's {@code data.standardize} and {@code data.standardize-on}.
     *
     * @param data the source as built
     * @param root the whole configuration
     * @return the source itself for {@code none}, otherwise the standardised view
     */
    public static DataSource apply(DataSource data, Settings root) {
        Mode mode = root.choice("data.standardize", Mode.class);
        if (mode == Mode.NONE) {
            return data;
        }
        String on = root.oneOf("data.standardize-on", "train-only", "all-patches");
        return new StandardizedData(data, mode, on.equals("train-only"));
    }

    /** Adds the split's sums and sums of squares per feature, in chunks; returns its sample count. */
    private static long accumulate(Dataset split, double[] sum, double[] squares) {
        int d = split.dimension();
        int chunk = Math.max(1, 65_536 / Math.max(1, d));
        FloatBuffer buffer = FloatBuffer.allocate(chunk * d);
        for (int start = 0; start < split.size(); start += chunk) {
            int end = Math.min(split.size(), start + chunk);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = start + i;
            }
            buffer.clear();
            split.copyRows(rows, buffer);
            float[] values = buffer.array();
            for (int i = 0; i < rows.length * d; i++) {
                double v = values[i];
                sum[i % d] += v;
                squares[i % d] += v * v;
            }
        }
        return split.size();
    }

    /** A split whose rows are transformed as they are copied. */
    private final class View implements Dataset {
        private final Dataset split;

        View(Dataset split) {
            this.split = split;
        }

        @Override
        public int size() {
            return split.size();
        }

        @Override
        public int dimension() {
            return split.dimension();
        }

        @Override
        public ai.djl.ndarray.types.Shape sampleShape() {
            return split.sampleShape();
        }

        @Override
        public void copyRows(int[] rows, FloatBuffer out) {
            int from = out.position();
            split.copyRows(rows, out);
            transform(out, from, rows.length);
        }

        @Override
        public void copyRows(int[] rows, FloatBuffer out, SplittableRandom augmentation) {
            int from = out.position();
            split.copyRows(rows, out, augmentation);
            transform(out, from, rows.length);
        }

        private void transform(FloatBuffer out, int from, int count) {
            int d = split.dimension();
            for (int i = 0; i < count * d; i++) {
                int k = i % d;
                out.put(from + i, (out.get(from + i) - shift[k]) * scale[k]);
            }
        }
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
        Map<String, String> id = new LinkedHashMap<>(data.identity());
        id.put("vsc.data.standardize", String.format(Locale.ROOT, "%s on %s%s", mode.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                trainOnly ? "train-only" : "all-patches", mode == Mode.SCALE ? String.format(Locale.ROOT, " (×%.6g)", scale[0]) : ""));
        return id;
    }

    /** The true dictionary: unchanged by {@code scale} (directions are kept); not defined after {@code per-feature}. */
    @Override
    public Optional<Matrix> trueDictionary() {
        return mode == Mode.SCALE ? data.trueDictionary() : Optional.empty();
    }
}
