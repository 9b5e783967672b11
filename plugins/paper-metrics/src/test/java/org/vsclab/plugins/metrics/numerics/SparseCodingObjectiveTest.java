package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vsclab.spi.Matrix;

class SparseCodingObjectiveTest {

    @Test
    void halfTheSquaredErrorPlusLambdaTimesTheL1NormPerDatum() {
        // Φ = [[1, 0], [0, 2]]; x₁ = (1, 1), z₁ = (1, 0): residual (0, 1) → ½; ‖z₁‖₁ = 1.
        // x₂ = (0, 4), z₂ = (0, −1): residual (0, 6) → 18; ‖z₂‖₁ = 1.
        Matrix phi = new Matrix(2, 2, new double[] {1, 0, 0, 2});
        Matrix x = new Matrix(2, 2, new double[] {1, 1, 0, 4});
        Matrix z = new Matrix(2, 2, new double[] {1, 0, 0, -1});
        SparseCodingObjective.Value v = new SparseCodingObjective(20, 0).evaluate(x, z, phi);
        assertThat(v.halfSquaredError()).isCloseTo((0.5 + 18) / 2, within(1e-12));
        assertThat(v.l1()).isCloseTo(1, within(1e-12));
        assertThat(v.value()).isCloseTo(9.25 + 20, within(1e-12));
        // with-fnorm(20, 1e-3) adds 1e-3·‖Φ‖²_F = 1e-3·5.
        assertThat(new SparseCodingObjective(20, 1e-3).evaluate(x, z, phi).value()).isCloseTo(29.25 + 5e-3, within(1e-12));
    }
}
