package org.vsclab.plugins.thresholdedlaplace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vsclab.family.LearnedThreshold;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code thresholded-laplacian} prior with a learned (Gamma) threshold passes the conformance suite. */
class LearnedThresholdLaplaceConformanceTest extends VariationalFamilyConformance {

    private static final double LAMBDA0 = 0.25;

    @Override
    protected String priorName() {
        return "thresholded-laplacian";
    }

    @Override
    protected List<String> settings() {
        return List.of("priors.thresholded-laplacian.learned-threshold.enabled=true", "priors.thresholded-laplacian.lambda=" + LAMBDA0);
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-scale", Math.log(0.1),
                LearnedThreshold.SHAPE_HEAD, Math.log(3), LearnedThreshold.RATE_HEAD, Math.log(3 / LAMBDA0));
    }

    @Override
    protected List<Map<String, Double>> klCheckHeads() {
        // The Laplace term is checked with λ = 0 in ThresholdedLaplaceConformanceTest; here the base posterior
        // is its prior (its log-ratio is 0 whatever the code), so the Gamma term is checked on its own.
        return List.of(Map.of("loc", 0.0, "log-scale", Math.log(0.1), LearnedThreshold.SHAPE_HEAD, Math.log(2),
                LearnedThreshold.RATE_HEAD, Math.log(5)));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return 0.1 * Densities.learnedThresholdLogRatio(h, d.diagnostic("lambda"), 3, LAMBDA0);   // κ_Γ = 0.1
    }

    @Override
    protected double expectedPriorNonZeroFraction(org.vsclab.spi.VariationalFamily family) {
        // At the prior λ ~ Gamma(α₀, α₀/λ₀), so P(z ≠ 0) = E[e^{−λ/b_p}] = (1 + λ₀/(α₀ b_p))^{−α₀}, not e^{−λ₀/b_p}.
        return Math.pow(1 + LAMBDA0 / (3 * 0.1), -3);
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors.thresholded-laplacian.learned-threshold.enabled=true", "priors.thresholded-laplacian.lambda=" + LAMBDA0,
                "priors.thresholded-laplacian.estimator=subgradient");
    }

    @Override
    protected Set<String> headsWithoutPathwiseGradient() {
        return Set.of(LearnedThreshold.SHAPE_HEAD);
    }
}
