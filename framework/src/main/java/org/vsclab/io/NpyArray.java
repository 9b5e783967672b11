package org.vsclab.io;

import java.util.Arrays;
import org.vsclab.spi.Matrix;

/**
 * An immutable array read from a {@code .npy} file: its shape, its element type ({@code float32}
 * or {@code float64}) and its values in C (row-major) order.
 *
 * <p>The values are held once, in the file's own precision. Every {@code to…} accessor returns a
 * fresh copy, so the array cannot be changed through them.
 */
public final class NpyArray {

    private final String source;
    private final NpyDtype dtype;
    private final long[] shape;
    private final float[] floats;
    private final double[] doubles;

    private NpyArray(String source, NpyDtype dtype, long[] shape, float[] floats, double[] doubles) {
        this.source = source;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
    }

    /** Wraps float32 values read from {@code source}; the array is taken over, not copied. */
    static NpyArray ofFloats(String source, long[] shape, float[] values) {
        return new NpyArray(source, NpyDtype.FLOAT32, shape, values, null);
    }

    /** Wraps float64 values read from {@code source}; the array is taken over, not copied. */
    static NpyArray ofDoubles(String source, long[] shape, double[] values) {
        return new NpyArray(source, NpyDtype.FLOAT64, shape, null, values);
    }

    /** Returns the file (or other source) the array was read from, as used in messages. */
    public String source() {
        return source;
    }

    /** Returns the element type as numpy names it: {@code "float32"} or {@code "float64"}. */
    public String dtype() {
        return dtype.displayName();
    }

    /** Returns a copy of the shape; empty for a 0-d (scalar) array. */
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Returns the number of elements, the product of the shape. */
    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** Returns the values in C order as floats; float64 values are rounded to the nearest float. */
    public float[] toFloats() {
        if (floats != null) {
            return floats.clone();
        }
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) doubles[i];
        }
        return out;
    }

    /** Returns the values in C order as doubles (float32 values are widened exactly). */
    public double[] toDoubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /**
     * Checks that the array is 2-D, laid out as samples × features.
     *
     * @param what what the array is meant to be, e.g. {@code "training data"}, for the message
     * @return rows and columns
     * @throws NpyFormatException naming the file and the actual shape if the rank is not 2
     */
    public MatrixShape requireMatrix(String what) throws NpyFormatException {
        return requireMatrix(what, "samples × features");
    }

    /**
     * Checks that the array is 2-D.
     *
     * @param what what the array is meant to be, e.g. {@code "the true dictionary"}, for the message
     * @param axes the meaning of the two axes, e.g. {@code "D × K"}, for the message
     * @return rows and columns
     * @throws NpyFormatException naming the file and the actual shape if the rank is not 2
     */
    public MatrixShape requireMatrix(String what, String axes) throws NpyFormatException {
        if (shape.length != 2) {
            throw new NpyFormatException(source + ": " + what + " must be a 2-D array (" + axes
                    + "), but has shape " + NpyHeader.shapeString(shape));
        }
        return new MatrixShape((int) shape[0], (int) shape[1]);
    }

    /**
     * Returns the array as a double {@link Matrix}, after {@link #requireMatrix(String, String)}.
     *
     * @param what what the array is meant to be, for the message
     * @param axes the meaning of the two axes, for the message
     * @throws NpyFormatException if the array is not 2-D
     */
    public Matrix toMatrix(String what, String axes) throws NpyFormatException {
        MatrixShape s = requireMatrix(what, axes);
        return new Matrix(s.rows(), s.cols(), toDoubles());
    }

    @Override
    public String toString() {
        return "NpyArray[" + source + ": " + dtype.displayName() + " " + NpyHeader.shapeString(shape) + "]";
    }

    /** Two arrays are equal if dtype, shape and values match; the source is not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && a.dtype == dtype && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.floats, floats) && Arrays.equals(a.doubles, doubles);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(doubles));
    }

    /**
     * The two dimensions of a 2-D array.
     *
     * @param rows the first axis
     * @param cols the second axis
     */
    public record MatrixShape(int rows, int cols) {

        /** Rejects negative dimensions. */
        public MatrixShape {
            if (rows < 0 || cols < 0) {
                throw new IllegalArgumentException("negative dimension " + rows + "×" + cols);
            }
        }

        @Override
        public String toString() {
            return "(" + rows + ", " + cols + ")";
        }
    }
}
