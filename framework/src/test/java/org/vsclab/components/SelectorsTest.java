package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.testing.TestEngine;

/** Sample selectors (method.md §10). */
class SelectorsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(5);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void maxElboPicksTheLowestLossWithTiesToTheLowestIndex() {
        NDArray losses = manager.create(new float[][] {{3f, 1f, 2f}, {0.5f, 0.5f, 0.7f}, {9f, 8f, 7f}});
        float[] w = new MaxElboSelector().weights(losses).toFloatArray();
        assertThat(w).containsExactly(0, 1, 0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void maxElboWeightsCarryNoGradient() {
        NDArray losses = manager.create(new float[][] {{3f, 1f}});
        losses.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray w = new MaxElboSelector().weights(losses);
            gc.backward(w.mul(manager.create(new float[][] {{5f, 7f}})).sum().add(losses.sum().mul(manager.create(0f))));
        }
        assertThat(losses.getGradient().toFloatArray()).containsExactly(0f, 0f);
    }

    @Test
    void averageWeighsEverySampleEqually() {
        float[] w = new AverageSelector().weights(manager.create(new float[][] {{3f, 1f, 2f, 4f}})).toFloatArray();
        assertThat(w).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
    }

    @Test
    void softmaxWeightingFavoursLowLossesAndIsDifferentiable() {
        NDArray losses = manager.create(new float[][] {{0f, (float) Math.log(3)}});
        losses.setRequiresGradient(true);
        NDArray w;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            w = new SoftmaxWeightedSelector().weights(losses);
            gc.backward(w.get(0, 0));
        }
        // softmax(−ℓ) = (3/4, 1/4); ∂w₀/∂ℓ₀ = −w₀(1 − w₀) = −3/16, ∂w₀/∂ℓ₁ = w₀w₁ = 3/16
        assertThat(w.toFloatArray()).containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
        assertThat(losses.getGradient().toFloatArray()).containsExactly(new float[] {-3f / 16, 3f / 16}, within(1e-6f));
    }
}
