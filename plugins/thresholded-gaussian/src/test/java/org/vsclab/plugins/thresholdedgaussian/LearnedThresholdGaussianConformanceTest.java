package org.vsclab.plugins.thresholdedgaussian;

import java.util.Map;
import org.vsclab.family.SpecialFunctions;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.LearnedThresholdConformance;

/** The {@code thresholded-gaussian} prior with a learned (Gamma) threshold passes the conformance suite. */
class LearnedThresholdGaussianConformanceTest extends LearnedThresholdConformance {

    private static final double PRIOR_VARIANCE = 0.1;

    @Override
    protected String priorName() {
        return "thresholded-gaussian";
    }

    @Override
    protected Map<String, Double> basePriorHeads() {
        return Map.of("loc", 0.0, "log-variance", Math.log(PRIOR_VARIANCE));
    }

    @Override
    protected double priorMean() {
        return 0.52;
    }

    @Override
    protected double expectedPriorNonZeroFraction(VariationalFamily family) {
        // E[erfc(λ/√(2 s_p))] over λ ~ Gamma(α₀, α₀/λ₀), not erfc(λ₀/√(2 s_p)).
        return Densities.gammaExpectation(priorShape(), priorShape() / priorMean(),
                lambda -> SpecialFunctions.erfc(lambda / Math.sqrt(2 * PRIOR_VARIANCE)));
    }
}
