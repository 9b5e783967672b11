package org.vsclab.plugins.laplacian;

import java.util.List;
import java.util.Map;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code laplacian} prior passes the conformance suite (with and without the noise warm-up). */
class LaplacianConformanceTest extends VariationalFamilyConformance {

    @Override
    protected String priorName() {
        return "laplacian";
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-scale", Math.log(0.1));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return Densities.laplace(d.code(), h.get("loc"), Math.exp(h.get("log-scale"))) - Densities.laplace(d.code(), 0, 0.1);
    }

    @Override
    protected List<List<String>> extremeSettings() {
        return List.of(List.of("priors.laplacian.warmup.enabled=false"));
    }
}
