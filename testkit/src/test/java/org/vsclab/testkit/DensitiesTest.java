package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reference densities and the Gamma expectation the conformance tests rely on, against closed forms. */
class DensitiesTest {

    @Test
    void theGammaExpectationMatchesTheLaplaceTailClosedForm() {
        // E[e^{−λ/b}] for λ ~ Gamma(α, rate β) = (1 + 1/(bβ))^{−α}: the learned threshold's prior non-zero fraction.
        double alpha = 3;
        double beta = 3 / 0.25;
        double b = 0.1;
        assertThat(Densities.gammaExpectation(alpha, beta, lambda -> Math.exp(-lambda / b)))
                .isCloseTo(Math.pow(1 + 1 / (b * beta), -alpha), within(1e-7));
        assertThat(Densities.gammaExpectation(1, 2, lambda -> 1)).isCloseTo(1, within(1e-9));
    }

    @Test
    void theLogisticDensityIsNormalisedAndHasItsKnownPeak() {
        double scale = 0.3;
        assertThat(Densities.logistic(0.7, 0.7, scale)).isCloseTo(Math.log(0.25 / scale), within(1e-12));   // peak 1/(4s)
        double h = 1e-3;
        double sum = 0;
        for (double x = -20; x <= 20; x += h) {
            sum += Math.exp(Densities.logistic(x, 0.7, scale)) * h;
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
    }
}
