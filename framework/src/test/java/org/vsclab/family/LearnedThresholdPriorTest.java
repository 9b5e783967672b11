package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The fraction of non-zeros a learned threshold's prior implies: E[P(|ε| > λ)] over λ ~ Gamma(α₀, α₀/λ₀),
 * against the closed form of a Laplace base, E[e^{−λ/b}] = (1 + λ₀/(α₀ b))^(−α₀) (the Gamma's Laplace
 * transform), and the regularised incomplete gamma function it is computed with.
 */
class LearnedThresholdPriorTest {

    @Test
    void theMarginalNonZeroFractionOfALaplacePriorIsTheGammasLaplaceTransform() {
        LaplaceBase base = new LaplaceBase(0.1);
        // The paper's linear runs: λ₀ = 0.25, α₀ = 3 → 0.1623 (while the tail at λ₀ itself is 0.0821).
        assertThat(new LearnedThreshold(0.25, 3, 0.1).priorNonZeroFraction(base))
                .isCloseTo(Math.pow(1 + 0.25 / (3 * 0.1), -3), within(1e-7));
        assertThat(new ThresholdedFamily(base, new LearnedThreshold(0.25, 3, 0.1), StraightThroughEstimator.AUTHORS,
                Ramp.constant(1)).priorNonZeroFraction()).isCloseTo(0.16228, within(1e-5));
        // A shape below 1, where the Gamma density is unbounded at 0.
        assertThat(new LearnedThreshold(0.25, 0.5, 0.1).priorNonZeroFraction(base))
                .isCloseTo(Math.pow(1 + 0.25 / (0.5 * 0.1), -0.5), within(1e-6));
        // A fixed threshold keeps the tail at λ.
        assertThat(new FixedThreshold(0.25).priorNonZeroFraction(base)).isCloseTo(Math.exp(-2.5), within(1e-15));
    }

    @Test
    void theLowerRegularisedGammaFunctionMatchesClosedForms() {
        for (double x : new double[] {0.01, 0.5, 1, 2, 5, 30}) {
            assertThat(SpecialFunctions.lowerRegularizedGamma(1, x)).as("P(1, %s)", x).isCloseTo(1 - Math.exp(-x), within(1e-14));
            // P(3, x) = 1 − e^{−x}(1 + x + x²/2)
            assertThat(SpecialFunctions.lowerRegularizedGamma(3, x)).as("P(3, %s)", x)
                    .isCloseTo(1 - Math.exp(-x) * (1 + x + x * x / 2), within(1e-14));
        }
        // P(½, x) = erf(√x)
        assertThat(SpecialFunctions.lowerRegularizedGamma(0.5, 1)).isCloseTo(0.8427007929497149, within(1e-14));
        assertThat(SpecialFunctions.lowerRegularizedGamma(0.5, 0)).isZero();
    }
}
