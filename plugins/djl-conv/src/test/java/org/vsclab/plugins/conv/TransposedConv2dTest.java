package org.vsclab.plugins.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vsclab.plugins.conv.PyTorchFixtures.assertClose;
import static org.vsclab.plugins.conv.PyTorchFixtures.load;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.vsclab.testing.TestEngine;

/**
 * The transposed convolution against {@code torch.nn.functional.conv_transpose2d} (fixtures made by
 * {@code fixtures/make_fixtures.py} with PyTorch 1.13 in float64): the output and the gradients of
 * Σ y·g with respect to the input, the weight and the bias, for both the polyphase form the
 * networks use and the textbook zero-insertion form. The k3/s3 case has k not divisible by s.
 */
class TransposedConv2dTest {

    @ParameterizedTest(name = "{0}, zero insertion {4}")
    @CsvSource({"s2p1, 2, 1, 0, false", "s2p0, 2, 0, 0, false", "s1p0, 1, 0, 0, false", "s3p2op1, 3, 2, 1, false",
            "s2p1, 2, 1, 0, true", "s2p0, 2, 0, 0, true", "s1p0, 1, 0, 0, true", "s3p2op1, 3, 2, 1, true"})
    void matchesPyTorchInValueAndGradients(String name, int stride, int padding, int outputPadding, boolean zeroInsertion) {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray x = load(manager, "convt_" + name + "_x");
            NDArray w = load(manager, "convt_" + name + "_w");
            NDArray b = load(manager, "convt_" + name + "_b");
            NDArray g = load(manager, "convt_" + name + "_g");
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = zeroInsertion
                        ? TransposedConv2d.applyByZeroInsertion(x, w, b, stride, padding, outputPadding)
                        : TransposedConv2d.apply(x, w, b, stride, padding, outputPadding);
                collector.backward(y.mul(g).sum());
            }
            // float32 against float64: sums of up to C_in·k² ≈ 48 products of unit normals.
            assertClose(y, load(manager, "convt_" + name + "_y"), 1e-5, name + " output");
            assertClose(x.getGradient(), load(manager, "convt_" + name + "_dx"), 1e-5, name + " ∂/∂x");
            assertClose(w.getGradient(), load(manager, "convt_" + name + "_dw"), 1e-5, name + " ∂/∂w");
            assertClose(b.getGradient(), load(manager, "convt_" + name + "_db"), 1e-4, name + " ∂/∂b");
        }
    }

    @Test
    void zeroInsertionSpreadsPixelsStrideApart() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray spread = TransposedConv2d.insertZeros(TransposedConv2d.insertZeros(x, 3, 3), 3, 2);
            assertThat(spread.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
            assertThat(spread.toFloatArray()).containsExactly(
                    1, 0, 0, 2,
                    0, 0, 0, 0,
                    0, 0, 0, 0,
                    3, 0, 0, 4);
        }
    }

    @Test
    void rejectsAWeightThatDoesNotMatchTheInput() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray x = manager.zeros(new Shape(1, 3, 4, 4));
            NDArray w = manager.zeros(new Shape(2, 5, 4, 4));
            assertThatThrownBy(() -> TransposedConv2d.apply(x, w, null, 2, 1, 0))
                    .hasMessageContaining("input must be (N, 2, H, W)");
            NDArray w3 = manager.zeros(new Shape(3, 5, 4, 4));
            assertThatThrownBy(() -> TransposedConv2d.apply(x, w3, null, 2, 4, 0))
                    .hasMessageContaining("padding ≤ k − 1 = 3");
        }
    }
}
