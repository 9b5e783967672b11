package org.vsclab.testkit;

/**
 * A correct thresholded logistic family, whose KL has no closed form and is a Monte-Carlo estimate
 * drawn from the sampling context (MonteCarloKl), passes every check: seeded, replayable,
 * differentiable, and equal in mean to the KL of its own samples.
 */
class LogisticMonteCarloKlConformanceTest extends LogisticSuite {

    @Override
    protected String priorName() {
        return "good-logistic";
    }
}
