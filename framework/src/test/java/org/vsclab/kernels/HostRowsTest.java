package org.vsclab.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.testing.TestEngine;

/** Selecting one sample per datum by index, and reading the index off one-hot weights. */
class HostRowsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(1);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void selectsTheIndexedSampleOfEachDatum() {
        NDArray a = manager.arange(2 * 3 * 4 * 5).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(2, 3, 4, 5);
        NDArray picked = HostRows.select(a, new int[] {2, 0}, false);
        assertThat(picked.getShape()).isEqualTo(new Shape(2, 4, 5));
        assertThat(picked.get(0).toFloatArray()).containsExactly(a.get(0, 2).toFloatArray());
        assertThat(picked.get(1).toFloatArray()).containsExactly(a.get(1, 0).toFloatArray());
        assertThat(HostRows.select(a, new int[] {1, 1}, true).getShape()).isEqualTo(new Shape(2, 1, 4, 5));
    }

    @Test
    void anInfiniteValueInAnUnselectedSampleDoesNotLeak() {
        // The one-hot product reads it: 0 · ∞ = NaN in the sum; the gather does not.
        NDArray a = manager.create(new float[] {1, Float.POSITIVE_INFINITY, 3, 4}, new Shape(2, 2, 1));
        assertThat(HostRows.select(a, new int[] {0, 1}, false).toFloatArray()).containsExactly(1f, 4f);
    }

    @Test
    void readsTheHotIndexOfOneHotWeightsAndRejectsABadIndex() {
        NDArray w = manager.create(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, new Shape(3, 3));
        assertThat(HostRows.selected(w)).containsExactly(2, 0, 1);
        assertThatThrownBy(() -> HostRows.select(w.reshape(3, 3, 1), new int[] {0, 3, 0}, false))
                .hasMessageContaining("sample index 3 outside [0, 3)");
    }
}
