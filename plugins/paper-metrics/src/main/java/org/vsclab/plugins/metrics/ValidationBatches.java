package org.vsclab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.function.BiConsumer;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;
import org.vsclab.train.Batches;

/** The validation split as the metrics read it: as one n × D matrix, or batch by batch in fixed order. */
final class ValidationBatches {

    private ValidationBatches() {}

    /** Returns rows [from, to) as indices. */
    static int[] rows(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }

    /** Returns the first {@code n} samples of a split, flattened, as an n × D matrix. */
    static Matrix matrix(Dataset data, int n) {
        int d = data.dimension();
        FloatBuffer buffer = FloatBuffer.allocate(n * d);
        data.copyRows(rows(0, n), buffer);
        float[] values = buffer.array();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return new Matrix(n, d, out);
    }

    /**
     * Visits the first {@code n} samples in batches of {@code batchSize}, as engine arrays of shape
     * (B, *sample shape).
     *
     * @param data the split
     * @param n how many samples
     * @param batchSize B
     * @param manager owner of the arrays
     * @param visitor receives the first row of each batch and the batch
     */
    static void forEach(Dataset data, int n, int batchSize, NDManager manager, BiConsumer<Integer, NDArray> visitor) {
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            visitor.accept(start, Batches.gather(data, rows(start, end), manager));
        }
    }

    /** Returns whether an every-epoch metric with period {@code every} runs after this epoch (0-based). */
    static boolean due(int epoch, int every, boolean last) {
        return last || (epoch + 1) % every == 0;
    }
}
