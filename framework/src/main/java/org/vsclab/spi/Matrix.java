package org.vsclab.spi;

import java.util.Arrays;

/**
 * A small dense row-major double matrix, used where arrays cross from the training engine to
 * reporting (dictionaries, ground truth, exported codes).
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param data row-major values, length rows × cols
 */
public record Matrix(int rows, int cols, double[] data) {

    /** Validates the length. */
    public Matrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "matrix " + rows + "x" + cols + " needs " + ((long) rows * cols) + " values, got " + data.length);
        }
    }

    /** Returns the value at (row, col). */
    public double get(int row, int col) {
        return data[row * cols + col];
    }

    /** Returns column {@code col} as a new array. */
    public double[] column(int col) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = data[r * cols + col];
        }
        return out;
    }

    /** Returns the Euclidean norm of column {@code col}. */
    public double columnNorm(int col) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            double v = data[r * cols + col];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
