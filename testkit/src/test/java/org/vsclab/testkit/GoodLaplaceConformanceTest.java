package org.vsclab.testkit;

/** A correct thresholded Laplace family passes every check (the control of {@link PlantedMistakesTest}). */
class GoodLaplaceConformanceTest extends LaplaceSuite {

    @Override
    protected String priorName() {
        return "good-laplace";
    }
}
