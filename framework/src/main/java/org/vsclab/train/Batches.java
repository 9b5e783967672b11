package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.vsclab.spi.Dataset;

/** Gathers batches of rows into engine arrays; only the batch is copied, never the whole data set. */
public final class Batches {

    private Batches() {}

    /**
     * Copies the given rows into a new (rows, D) float32 array.
     *
     * @param data the split
     * @param rows the row indices
     * @param manager owner of the array
     * @return the batch
     */
    public static NDArray gather(Dataset data, int[] rows, NDManager manager) {
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * data.dimension());
        data.copyRows(rows, buffer);
        buffer.flip();
        return manager.create(buffer, new Shape(rows.length, data.dimension()));
    }

    /**
     * Returns a uniformly random permutation of 0..n−1.
     *
     * @param n the size
     * @param random the generator
     * @return the permutation
     */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Returns rows [from, to) of an index array.
     *
     * @param order the index array
     * @param from first position
     * @param to one past the last position
     * @return the slice
     */
    public static int[] slice(int[] order, int from, int to) {
        return java.util.Arrays.copyOfRange(order, from, to);
    }
}
