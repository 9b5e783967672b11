package org.vsclab.kernels;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Zero-copy host views of CPU engine arrays. A view reads and writes the tensor's own memory; it is
 * valid while the array is open (a non-contiguous array is viewed through a contiguous copy, which
 * the engine frees with the array's scope, so only reads through such a view are meaningful).
 */
public final class HostViews {

    private HostViews() {}

    /** Returns whether host kernels can work on this array: a CPU array. */
    public static boolean onHost(NDArray a) {
        return a.getDevice().equals(Device.cpu());
    }

    /**
     * Returns a float view of a float32 CPU array, in C order.
     *
     * @param a the array
     * @return its values (absolute indexing; position 0)
     */
    public static FloatBuffer floats(NDArray a) {
        check(a, DataType.FLOAT32);
        return a.toByteBuffer(true).asFloatBuffer();
    }

    /**
     * Returns a double view of a float64 CPU array, in C order.
     *
     * @param a the array
     * @return its values
     */
    public static DoubleBuffer doubles(NDArray a) {
        check(a, DataType.FLOAT64);
        return a.toByteBuffer(true).asDoubleBuffer();
    }

    /**
     * Returns whether a kernel may write a float32 or float64 CPU array through its view: whether the view
     * is the array's own memory rather than a contiguous copy of a strided array. (Tested by writing
     * through one view and reading through another; the value is restored.)
     *
     * @param a the array
     * @return true if writes through a view reach the array
     */
    public static boolean writable(NDArray a) {
        if ((a.getDataType() != DataType.FLOAT32 && a.getDataType() != DataType.FLOAT64) || !onHost(a) || a.size() == 0) {
            return false;
        }
        java.nio.ByteBuffer first = a.toByteBuffer(true);
        java.nio.ByteBuffer second = a.toByteBuffer(true);
        byte original = first.get(0);
        first.put(0, (byte) (original ^ 1));
        boolean same = second.get(0) == (byte) (original ^ 1);
        first.put(0, original);
        return same;
    }

    /** Copies a float32 CPU array's values (C order) into a new Java array. */
    public static float[] copy(NDArray a) {
        FloatBuffer view = floats(a);
        float[] out = new float[view.capacity()];
        view.get(0, out);
        return out;
    }

    /**
     * Returns a new float32 array with uninitialised values, for a kernel to fill through {@link
     * #floats}.
     *
     * @param manager its owner
     * @param shape its shape
     * @return the array
     */
    public static NDArray uninitialized(NDManager manager, Shape shape) {
        return manager.create(shape, DataType.FLOAT32);
    }

    /**
     * Returns a new float32 array holding the given values.
     *
     * @param manager its owner
     * @param values the values, C order
     * @param shape its shape
     * @return the array
     */
    public static NDArray create(NDManager manager, float[] values, Shape shape) {
        NDArray a = uninitialized(manager, shape);
        floats(a).put(0, values, 0, Math.toIntExact(shape.size()));
        return a;
    }

    private static void check(NDArray a, DataType type) {
        if (a.getDataType() != type || !onHost(a)) {
            throw new IllegalArgumentException("a host view needs a " + type + " CPU array, not " + a.getDataType() + " on "
                    + a.getDevice());
        }
    }
}
