package org.vsclab.plugins.thresholdedlaplace;

import java.util.List;
import java.util.Map;
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
    protected double logRatio(Map<String, Double> h, Draw d) {
        // The KL is that of the base (pre-threshold) Laplacians: checked with λ = 0, where codes are u.
        return Densities.laplace(d.code(), h.get("loc"), Math.exp(h.get("log-scale"))) - Densities.laplace(d.code(), 0, 0.1);
    }

    @Override
    protected List<String> klCheckSettings() {
        return List.of("priors.thresholded-laplacian.lambda=0");
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
