package org.vsclab.plugins.thresholdedlaplace;

import java.util.Map;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testkit.LearnedThresholdConformance;

/** The {@code thresholded-laplacian} prior with a learned (Gamma) threshold passes the conformance suite. */
class LearnedThresholdLaplaceConformanceTest extends LearnedThresholdConformance {

    private static final double PRIOR_SCALE = 0.1;

    @Override
    protected String priorName() {
        return "thresholded-laplacian";
    }

    @Override
    protected Map<String, Double> basePriorHeads() {
        return Map.of("loc", 0.0, "log-scale", Math.log(PRIOR_SCALE));
    }

    @Override
    protected double priorMean() {
        return 0.25;
    }

    @Override
    protected double expectedPriorNonZeroFraction(VariationalFamily family) {
        // E[e^{−λ/b_p}] over λ ~ Gamma(α₀, α₀/λ₀) = (1 + λ₀/(α₀ b_p))^{−α₀}, not e^{−λ₀/b_p}.
        return Math.pow(1 + priorMean() / (priorShape() * PRIOR_SCALE), -priorShape());
    }
}
