package org.vsclab.plugins.thresholdedgaussian;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
    protected double sampleLogRatio(Map<String, Double> h, SplittableRandom random) {
        // The base's term, then the threshold's with its weight κ_Γ = 0.1 (drawn in this order).
        double base = Densities.gaussianLogRatio(h.get("loc"), Math.exp(h.get("log-variance")), 0.1, random);
        return base + 0.1 * Densities.learnedThresholdLogRatio(h, 3, LAMBDA0, random);
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
