package org.vsclab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Param;
import org.vsclab.testing.TestEngine;

/** Optimisers and schedules against PyTorch's update rules (method.md §11), computed by hand. */
class OptimizersTest {

    /** Loss = Σ c·p² so the gradient is 2c·p. */
    private static void backward(NDArray p, float c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.square().sum().mul(p.getManager().create(c)));
        }
    }

    @Test
    void sgdNesterovMatchesPyTorch() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray p = manager.create(new float[] {1f, -2f});
            p.setRequiresGradient(true);
            Optimizer sgd = new SgdNesterov(List.of(new Param("p", p)), 0.9, 0.1);
            double[] ref = {1, -2};
            double[] buf = {0, 0};
            double lr = 0.05;
            for (int step = 0; step < 3; step++) {
                backward(p, 1.5f);
                sgd.step(lr);
                for (int i = 0; i < 2; i++) {
                    double g = 3 * ref[i] + 0.1 * ref[i];
                    buf[i] = step == 0 ? g : 0.9 * buf[i] + g;
                    ref[i] -= lr * (g + 0.9 * buf[i]);
                }
                assertThat(p.getFloat(0)).isCloseTo((float) ref[0], within(1e-5f));
                assertThat(p.getFloat(1)).isCloseTo((float) ref[1], within(1e-5f));
            }
        }
    }

    @Test
    void adamMatchesPyTorchWithCoupledWeightDecay() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray p = manager.create(new float[] {0.5f, -1f});
            p.setRequiresGradient(true);
            Optimizer adam = new Adam(List.of(new Param("p", p)), 0.5, 0.999, 1e-8, 1e-2);
            double[] ref = {0.5, -1};
            double[] m = {0, 0};
            double[] v = {0, 0};
            double lr = 0.01;
            for (int t = 1; t <= 4; t++) {
                backward(p, 1f);
                adam.step(lr);
                for (int i = 0; i < 2; i++) {
                    double g = 2 * ref[i] + 1e-2 * ref[i];
                    m[i] = 0.5 * m[i] + 0.5 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.5, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    ref[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                assertThat(p.getFloat(0)).isCloseTo((float) ref[0], within(1e-5f));
                assertThat(p.getFloat(1)).isCloseTo((float) ref[1], within(1e-5f));
            }
        }
    }

    @Test
    void gradientsDoNotAccumulateAcrossSteps() {
        try (NDManager manager = TestEngine.manager(0)) {
            NDArray p = manager.create(new float[] {1f});
            p.setRequiresGradient(true);
            Optimizer sgd = new SgdNesterov(List.of(new Param("p", p)), 0, 0);
            backward(p, 1f);
            sgd.step(0);   // lr 0: the parameter stays, the gradient must still be cleared
            backward(p, 1f);
            assertThat(p.getGradient().getFloat(0)).isEqualTo(2f);
        }
    }

    @Test
    void oneCycleWarmsUpLinearlyThenAnnealsByCosine() {
        LearningRateSchedule s = LearningRateSchedule.oneCycle(0.01);
        long total = 1000;  // warm-up: first 50 steps
        assertThat(s.at(0, total)).isCloseTo(0.01 / 25, within(1e-12));
        assertThat(s.at(25, total)).isCloseTo(0.0004 + (0.01 - 0.0004) / 2, within(1e-12));
        assertThat(s.at(50, total)).isCloseTo(0.01, within(1e-12));
        double end = 0.01 / 25e4;
        assertThat(s.at(525, total)).isCloseTo(end + (0.01 - end) / 2, within(1e-12));
        assertThat(s.at(1000, total)).isCloseTo(end, within(1e-12));
    }
}
