package org.vsclab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Scalars;
import org.vsclab.testing.TestEngine;

/** The dictionary's host step against the engine sequence it replaces (LinearDictionary's engine path), bit for bit. */
class DictionaryKernelsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(6);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void theHostStepIsTheEngineSequenceBitForBit() {
        Shape shape = new Shape(256, 256);
        NDArray phi = manager.randomNormal(shape).toType(DataType.FLOAT64, false).div(16);
        NDArray product = manager.randomNormal(shape).toType(DataType.FLOAT64, false).mul(3);
        long batch = 100;
        double rho = 1e-4;
        double eta = 0.5 * Math.pow(0.99, 7);
        NDArray gradient = product.div(Scalars.like(phi, batch)).sub(Scalars.times(phi, 2 * rho));
        NDArray expected = phi.add(Scalars.times(gradient, eta));

        NDArray hostPhi = phi.duplicate();
        NDArray shadow = manager.zeros(shape);
        assertThat(HostViews.writable(hostPhi)).isTrue();
        DictionaryKernels.step(HostViews.doubles(product), HostViews.doubles(hostPhi), HostViews.floats(shadow), batch,
                Scalars.like(phi, 2 * rho).getDouble(), Scalars.like(phi, eta).getDouble());
        assertThat(hostPhi.toDoubleArray()).containsExactly(expected.toDoubleArray());
        assertThat(shadow.toFloatArray()).containsExactly(expected.toType(DataType.FLOAT32, false).toFloatArray());
    }
}
