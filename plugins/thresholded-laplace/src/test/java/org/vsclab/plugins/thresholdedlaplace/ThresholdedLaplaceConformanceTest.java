package org.vsclab.plugins.thresholdedlaplace;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code thresholded-laplacian} prior with a calibrated λ passes the conformance suite. */
class ThresholdedLaplaceConformanceTest extends VariationalFamilyConformance {

    @Override
    protected String priorName() {
        return "thresholded-laplacian";
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-scale", Math.log(0.1));
    }

    @Override
    protected double sampleLogRatio(Map<String, Double> h, SplittableRandom random) {
        return Densities.laplaceLogRatio(h.get("loc"), Math.exp(h.get("log-scale")), 0.1, random);
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors.thresholded-laplacian.estimator=subgradient");
    }

    @Override
    protected List<List<String>> extremeSettings() {
        return List.of(List.of("priors.thresholded-laplacian.lambda=1e-6"), List.of("priors.thresholded-laplacian.lambda=1000"),
                List.of("priors.thresholded-laplacian.learned-threshold.enabled=true"));
    }
}
