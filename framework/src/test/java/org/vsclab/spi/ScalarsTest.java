package org.vsclab.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vsclab.testing.TestEngine;

/**
 * Regression test for the use-after-free behind DJL's {@code mul(Number)} on the autodiff path
 * (see {@link Scalars}): between the forward and the backward pass the garbage collector runs and
 * direct buffers holding a decoy value are allocated. Constants from {@link Scalars} must still give
 * the exact gradient every time.
 */
class ScalarsTest {

    @Test
    void constantsSurviveGarbageCollectionBetweenForwardAndBackward() {
        int wrong = 0;
        try (NDManager manager = TestEngine.manager(1)) {
            for (int iteration = 0; iteration < 50; iteration++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = manager.ones(new Shape(4));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Scalars.over(Scalars.times(Scalars.plus(x, 1), 3), 2).sum();
                        System.gc();
                        List<ByteBuffer> decoys = new ArrayList<>();
                        for (int i = 0; i < 2000; i++) {
                            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                            b.putFloat(0, 12345f);
                            decoys.add(b);
                        }
                        gc.backward(y);
                        assertThat(decoys).hasSize(2000);
                    }
                    if (x.getGradient().getFloat(0) != 1.5f) {
                        wrong++;
                    }
                }
            }
        }
        assertThat(wrong).as("gradients computed from freed constants").isZero();
    }

    @Test
    void float64ConstantsAreExact() {
        try (NDManager manager = TestEngine.manager(1)) {
            double value = 0.1 + 1e-12;
            NDArray c = Scalars.of(manager, value, DataType.FLOAT64);
            assertThat(c.getDouble()).isEqualTo(value, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(Scalars.like(manager.zeros(new Shape(2)), 2.5).getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }
}
