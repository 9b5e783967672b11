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
     * Copies the given rows into a new (rows, *sample shape) float32 array, without augmentation.
     *
     * @param data the split
     * @param rows the row indices
     * @param manager owner of the array
     * @return the batch
     */
    public static NDArray gather(Dataset data, int[] rows, NDManager manager) {
        return toArray(data, read(data, rows, null), rows.length, manager);
    }

    /**
     * Reads rows into a host buffer (the part that may run on a background thread).
     *
     * @param data the split
     * @param rows the row indices
     * @param augmentation the batch's random stream, or null for none
     * @return the buffer, flipped for reading
     */
    public static FloatBuffer read(Dataset data, int[] rows, SplittableRandom augmentation) {
        FloatBuffer buffer = FloatBuffer.allocate(Math.multiplyExact(rows.length, data.dimension()));
        if (augmentation == null) {
            data.copyRows(rows, buffer);
        } else {
            data.copyRows(rows, buffer, augmentation);
        }
        if (buffer.position() != buffer.capacity()) {
            throw new IllegalStateException("dataset " + data.getClass().getName() + " wrote " + buffer.position()
                    + " values for " + rows.length + " rows of " + data.dimension());
        }
        buffer.flip();
        return buffer;
    }

    /**
     * Makes an engine array of a batch read by {@link #read}.
     *
     * @param data the split (for its sample shape)
     * @param buffer the values
     * @param rows the number of rows
     * @param manager owner of the array
     * @return (rows, *sample shape)
     */
    public static NDArray toArray(Dataset data, FloatBuffer buffer, int rows, NDManager manager) {
        return manager.create(buffer, new Shape(rows).addAll(data.sampleShape()));
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
