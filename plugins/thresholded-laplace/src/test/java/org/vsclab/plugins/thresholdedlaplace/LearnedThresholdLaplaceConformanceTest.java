package org.vsclab.plugins.thresholdedlaplace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
    protected double sampleLogRatio(Map<String, Double> h, SplittableRandom random) {
        // The base's term, then the threshold's with its weight κ_Γ = 0.1 (drawn in this order).
        double base = Densities.laplaceLogRatio(h.get("loc"), Math.exp(h.get("log-scale")), 0.1, random);
        return base + 0.1 * Densities.learnedThresholdLogRatio(h, 3, LAMBDA0, random);
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
