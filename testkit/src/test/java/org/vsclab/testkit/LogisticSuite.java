package org.vsclab.testkit;

import java.util.Map;

/** The conformance suite set up for a thresholded logistic family with b_p = 0.1. */
abstract class LogisticSuite extends LaplaceSuite {

    @Override
    protected double logRatio(Map<String, Double> h, Draw d) {
        return Densities.logistic(d.code(), h.get("loc"), Math.exp(h.get("log-scale"))) - Densities.logistic(d.code(), 0, PRIOR_SCALE);
    }
}
