package org.vsclab.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.spi.Matrix;

class Nd4jMatricesTest {

    private final Matrix m = new Matrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});

    @Test
    void matrixBecomesARowMajorDoubleArray() {
        INDArray a = Nd4jMatrices.toNd4j(m);
        assertThat(a.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.getDouble(0, 2)).isEqualTo(3);
        assertThat(a.getDouble(1, 0)).isEqualTo(4);
    }

    @Test
    void conversionCopies() {
        INDArray a = Nd4jMatrices.toNd4j(m);
        a.putScalar(0, 0, 99);
        assertThat(m.get(0, 0)).isEqualTo(1);
    }

    @Test
    void roundTripsAndHandlesViewsAndOtherTypes() {
        assertThat(Nd4jMatrices.toMatrix(Nd4jMatrices.toNd4j(m))).isEqualTo(m);

        INDArray transposed = Nd4jMatrices.toNd4j(m).transpose(); // a 3×2 view
        assertThat(Nd4jMatrices.toMatrix(transposed))
                .isEqualTo(new Matrix(3, 2, new double[] {1, 4, 2, 5, 3, 6}));

        INDArray floats = Nd4j.create(new float[] {1.5f, -2f}, new long[] {2, 1}, 'f');
        assertThat(Nd4jMatrices.toMatrix(floats)).isEqualTo(new Matrix(2, 1, new double[] {1.5, -2}));
    }

    @Test
    void rejectsWrongRanksAndEmptyMatrices() {
        assertThatThrownBy(() -> Nd4jMatrices.toMatrix(Nd4j.create(new double[] {1, 2, 3}, new long[] {3}, DataType.DOUBLE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank-2");
        assertThatThrownBy(() -> Nd4jMatrices.toNd4j(new Matrix(0, 2, new double[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
