package org.vsclab.plugins.thresholdedgaussian;

import java.util.List;
import java.util.Map;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code thresholded-gaussian} prior with a calibrated λ passes the conformance suite. */
class ThresholdedGaussianConformanceTest extends VariationalFamilyConformance {

    @Override
    protected String priorName() {
        return "thresholded-gaussian";
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-variance", Math.log(0.1));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        // The KL is that of the base (pre-threshold) Gaussians (method.md §3.3): checked with λ = 0, where codes are u.
        return Densities.gaussian(d.code(), h.get("loc"), Math.exp(h.get("log-variance"))) - Densities.gaussian(d.code(), 0, 0.1);
    }

    @Override
    protected List<String> klCheckSettings() {
        return List.of("priors.thresholded-gaussian.lambda=0");
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors.thresholded-gaussian.estimator=subgradient");
    }

    @Override
    protected List<List<String>> extremeSettings() {
        return List.of(List.of("priors.thresholded-gaussian.lambda=1e-6"), List.of("priors.thresholded-gaussian.lambda=1000"));
    }
}
