package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vsclab.testing.TestEngine;

/** The Gamma KL against method.md §8's test values, and its gradients against the closed forms. */
class GammaKlTest {

    @ParameterizedTest(name = "Gamma({0}, {1}) ‖ Gamma({2}, {3})")
    @CsvSource({"2, 3, 3, 12, 2.1114798", "1, 1, 3, 12, 5.3928586", "1, 1, 3, 5.769230769230769, 1.3591930",
        "0.5, 4, 3, 18.75, 2.2386091", "3, 12, 3, 12, 0"})
    void publishedValues(double a, double b, double a0, double b0, double expected) {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray kl = GammaKl.kl(manager.create(a), manager.create(b), a0, b0);
            assertThat(kl.getDouble()).isCloseTo(expected, within(2e-7));
        }
    }

    @Test
    void gradientsMatchTheClosedForms() {
        double a = 1.7;
        double b = 2.2;
        double a0 = 3;
        double b0 = 12;
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray alpha = manager.create(a);
            NDArray beta = manager.create(b);
            alpha.setRequiresGradient(true);
            beta.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(GammaKl.kl(alpha, beta, a0, b0));
            }
            double trigamma = (SpecialFunctions.digamma(a + 1e-6) - SpecialFunctions.digamma(a - 1e-6)) / 2e-6;
            assertThat(alpha.getGradient().getDouble()).isCloseTo((a - a0) * trigamma + b0 / b - 1, within(1e-7));
            assertThat(beta.getGradient().getDouble()).isCloseTo(a0 / b - a * b0 / (b * b), within(1e-9));
        }
    }

    @Test
    void engineDigammaAgreesWithTheDoubleVersion() {
        try (NDManager manager = TestEngine.manager(0)) {
            double[] xs = {1e-6, 0.01, 0.5, 1, 2.5, 7, 100, 1e6};
            NDArray psi = GammaKl.digamma(manager.create(xs));
            for (int i = 0; i < xs.length; i++) {
                double expected = SpecialFunctions.digamma(xs[i]);
                assertThat(psi.getDouble(i)).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
            }
            NDArray psi32 = GammaKl.digamma(manager.create(new float[] {0.5f, 3f}, new Shape(2)));
            assertThat(psi32.getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }
}
