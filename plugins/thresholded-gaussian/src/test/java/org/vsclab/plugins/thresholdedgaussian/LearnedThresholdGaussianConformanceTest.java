package org.vsclab.plugins.thresholdedgaussian;

import java.util.List;
import java.util.Map;
import org.vsclab.family.SpecialFunctions;
import java.util.Set;
import org.vsclab.family.LearnedThreshold;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code thresholded-gaussian} prior with a learned (Gamma) threshold passes the conformance suite. */
class LearnedThresholdGaussianConformanceTest extends VariationalFamilyConformance {

    private static final double LAMBDA0 = 0.52;

    @Override
    protected String priorName() {
        return "thresholded-gaussian";
    }

    @Override
    protected List<String> settings() {
        return List.of("priors.thresholded-gaussian.learned-threshold.enabled=true", "priors.thresholded-gaussian.lambda=" + LAMBDA0);
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-variance", Math.log(0.1),
                LearnedThreshold.SHAPE_HEAD, Math.log(3), LearnedThreshold.RATE_HEAD, Math.log(3 / LAMBDA0));
    }

    @Override
    protected List<Map<String, Double>> klCheckHeads() {
        // The Gaussian term is checked with λ = 0 in ThresholdedGaussianConformanceTest; here the base posterior
        // is its prior (its log-ratio is 0 whatever the code), so the Gamma term is checked on its own.
        return List.of(Map.of("loc", 0.0, "log-variance", Math.log(0.1), LearnedThreshold.SHAPE_HEAD, Math.log(2),
                LearnedThreshold.RATE_HEAD, Math.log(5)));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return 0.1 * Densities.learnedThresholdLogRatio(h, d.diagnostic("lambda"), 3, LAMBDA0);   // κ_Γ = 0.1
    }

    @Override
    protected double expectedPriorNonZeroFraction(org.vsclab.spi.VariationalFamily family) {
        // At the prior λ ~ Gamma(α₀, α₀/λ₀), so P(z ≠ 0) = E[erfc(λ/√(2 s_p))] over λ, not erfc(λ₀/√(2 s_p)).
        return Densities.gammaExpectation(3, 3 / LAMBDA0, lambda -> SpecialFunctions.erfc(lambda / Math.sqrt(2 * 0.1)));
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors.thresholded-gaussian.learned-threshold.enabled=true", "priors.thresholded-gaussian.lambda=" + LAMBDA0,
                "priors.thresholded-gaussian.estimator=subgradient");
    }

    @Override
    protected Set<String> headsWithoutPathwiseGradient() {
        // The Gamma draws are implicitly reparameterised in α (checked against ∂E[λ]/∂α = 1/β in GammaSamplerTest);
        // λ = g/β is pathwise in β, so the rate head stays in the finite-difference check.
        return Set.of(LearnedThreshold.SHAPE_HEAD);
    }
}
