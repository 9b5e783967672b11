package org.vsclab.numerics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.spi.Matrix;

/** Conversions between {@link Matrix} and ND4J's {@link INDArray}, always in double precision. */
public final class Nd4jMatrices {

    private Nd4jMatrices() {
    }

    /**
     * Copies a matrix into a new C-order double array of shape [rows, cols].
     *
     * @param matrix the matrix, with at least one row and one column
     * @return a new array that does not share memory with {@code matrix}
     * @throws IllegalArgumentException if the matrix is empty (ND4J does not handle empty matrices well)
     */
    public static INDArray toNd4j(Matrix matrix) {
        if (matrix.rows() == 0 || matrix.cols() == 0) {
            throw new IllegalArgumentException("cannot convert an empty " + matrix.rows() + "×" + matrix.cols()
                    + " matrix to ND4J");
        }
        return Nd4j.create(matrix.data().clone(), new long[] {matrix.rows(), matrix.cols()}, DataType.DOUBLE);
    }

    /**
     * Copies a rank-2 array (of any numeric type, view or not, any order) into a {@link Matrix}.
     *
     * @param array the array
     * @return a new matrix with the same shape and values, as doubles
     * @throws IllegalArgumentException if the array is not rank 2
     */
    public static Matrix toMatrix(INDArray array) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("expected a rank-2 array, got shape " + Arrays.toString(array.shape()));
        }
        long rows = array.size(0);
        long cols = array.size(1);
        if (rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(array.shape())
                    + " is too large for a Matrix");
        }
        double[] data = new double[(int) (rows * cols)];
        if (data.length > 0) {
            INDArray dense = array.castTo(DataType.DOUBLE).dup('c');
            System.arraycopy(dense.data().asDouble(), 0, data, 0, data.length);
        }
        return new Matrix((int) rows, (int) cols, data);
    }
}
