package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SupportConsistencyTest {

    @Test
    void meanJaccardSimilarityOverDistinctPairs() {
        // Supports {0, 1}, {1, 2}, {0, 1}: J = 1/3, 1, 1/3 → mean 5/9.
        double[] codes = {1, 1, 0, 0, 2, 2, 3, -1, 0};
        assertThat(SupportConsistency.score(codes, 3, 3, null, SupportConsistency.Mode.SIMILARITY)).isCloseTo(5 / 9.0, within(1e-12));
    }

    @Test
    void twoEmptySupportsAgreeFully() {
        double[] codes = {0, 0, 0, 0};
        assertThat(SupportConsistency.score(codes, 2, 2, null, SupportConsistency.Mode.SIMILARITY)).isEqualTo(1);
    }

    @Test
    void theAtomFilterIgnoresFilteredAtoms() {
        // Supports {0, 2} and {1, 2}; keeping only atom 2 makes them equal.
        double[] codes = {1, 0, 1, 0, 1, 1};
        assertThat(SupportConsistency.score(codes, 2, 3, null, SupportConsistency.Mode.SIMILARITY)).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(SupportConsistency.score(codes, 2, 3, new boolean[] {false, false, true}, SupportConsistency.Mode.SIMILARITY))
                .isEqualTo(1);
    }

    @Test
    void theReferencesDistanceSumsOrderedPairsWithTheDiagonal() {
        // R = 3, supports {0, 1}, {1, 2}, {0, 1}: pairs (n, m) for n ∈ 0..2, m ∈ 1..2: distances
        // (0,1) 2/3, (0,2) 0, (1,1) 0, (1,2) 2/3, (2,1) 2/3, (2,2) 0 → 2 / (3·2) = 1/3.
        double[] codes = {1, 1, 0, 0, 2, 2, 3, -1, 0};
        assertThat(SupportConsistency.score(codes, 3, 3, null, SupportConsistency.Mode.REFERENCE_DISTANCE))
                .isCloseTo(1 / 3.0, within(1e-12));
    }
}
