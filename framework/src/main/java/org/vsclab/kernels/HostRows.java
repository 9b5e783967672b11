package org.vsclab.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * One sample per datum out of (B, J, …) arrays, by index: the host's exact gather, instead of a
 * product with one-hot weights and a sum over J (which reads all J samples and turns an infinite
 * value in an unselected sample into NaN).
 */
public final class HostRows {

    private HostRows() {}

    /**
     * Returns the index of the largest weight of each row of (B, J) weights (the first on ties): the
     * selected sample of one-hot weights.
     *
     * @param weights (B, J)
     * @return B indices
     */
    public static int[] selected(NDArray weights) {
        int batch = Math.toIntExact(weights.getShape().get(0));
        int samples = Math.toIntExact(weights.getShape().get(1));
        float[] values = weights.toType(DataType.FLOAT32, false).toFloatArray();
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int j = 1; j < samples; j++) {
                if (values[b * samples + j] > values[b * samples + best]) {
                    best = j;
                }
            }
            out[b] = best;
        }
        return out;
    }

    /**
     * Returns a[b, index[b], …] for every b: (B, J, …) to (B, …) with {@code keepDim} false, or to
     * (B, 1, …) with it true.
     *
     * @param a a float32 CPU array of rank ≥ 2
     * @param index the sample of each datum
     * @param keepDim whether to keep the sample axis (of length 1)
     * @return the selected samples, a new array owned by a's manager
     */
    public static NDArray select(NDArray a, int[] index, boolean keepDim) {
        Shape s = a.getShape();
        int batch = Math.toIntExact(s.get(0));
        int samples = Math.toIntExact(s.get(1));
        if (index.length != batch) {
            throw new IllegalArgumentException("one index per datum: " + index.length + " for " + s);
        }
        Shape rest = s.slice(2);
        int width = Math.toIntExact(rest.size());
        Shape outShape = keepDim ? new Shape(batch, 1).addAll(rest) : new Shape(batch).addAll(rest);
        NDArray out = HostViews.uninitialized(a.getManager(), outShape);
        FloatBuffer from = HostViews.floats(a);
        FloatBuffer to = HostViews.floats(out);
        float[] row = new float[width];
        for (int b = 0; b < batch; b++) {
            if (index[b] < 0 || index[b] >= samples) {
                throw new IllegalArgumentException("sample index " + index[b] + " outside [0, " + samples + ")");
            }
            from.get((b * samples + index[b]) * width, row, 0, width);
            to.put(b * width, row, 0, width);
        }
        return out;
    }
}
