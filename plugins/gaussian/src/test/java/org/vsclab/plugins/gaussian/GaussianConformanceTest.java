package org.vsclab.plugins.gaussian;

import java.util.Map;
import org.vsclab.testkit.Densities;
import org.vsclab.testkit.VariationalFamilyConformance;

/** The {@code gaussian} prior passes the conformance suite. */
class GaussianConformanceTest extends VariationalFamilyConformance {

    @Override
    protected String priorName() {
        return "gaussian";
    }

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-variance", Math.log(0.1));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return Densities.gaussian(d.code(), h.get("loc"), Math.exp(h.get("log-variance"))) - Densities.gaussian(d.code(), 0, 0.1);
    }
}
