package org.vsclab.testkit;

import java.util.List;
import java.util.Map;

/** The conformance suite set up for a thresholded Laplace family with b_p = 0.1, as a plugin author writes it. */
abstract class LaplaceSuite extends VariationalFamilyConformance {

    static final double PRIOR_SCALE = 0.1;

    @Override
    protected Map<String, Double> priorHeads() {
        return Map.of("loc", 0.0, "log-scale", Math.log(PRIOR_SCALE));
    }

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return Densities.laplace(d.code(), h.get("loc"), Math.exp(h.get("log-scale"))) - Densities.laplace(d.code(), 0, PRIOR_SCALE);
    }

    @Override
    protected List<String> klCheckSettings() {
        return List.of("priors." + priorName() + ".lambda=0");
    }

    @Override
    protected List<String> gradientCheckSettings() {
        return List.of("priors." + priorName() + ".estimator=subgradient");
    }
}
