package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Every check of the kit fails on a family with the mistake it is there to catch (org.vsclab.testkit.planted),
 * while the correct families pass them all ({@link GoodLaplaceConformanceTest},
 * {@link LogisticMonteCarloKlConformanceTest}). For the four mistakes the earlier kit missed, the whole
 * suite is run: only the new check fails.
 */
class PlantedMistakesTest {

    /** The planted prior the suites below test; set before each run (runs are sequential). */
    private static String planted;

    /** Runs a whole suite on a planted prior and returns the checks that failed. */
    private static List<String> failedChecks(Class<?> suite, String prior) {
        planted = prior;
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute().testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    /** Runs one check on a planted prior, asserts that it failed, and returns its message. */
    private static String failureOf(Class<?> suite, String prior, String check) {
        planted = prior;
        Events failed = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(suite, check)).execute().testEvents().failed();
        assertThat(failed.count()).as("%s must fail on %s", check, prior).isEqualTo(1);
        Event event = failed.list().get(0);
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    }

    @Test
    void aLaplaceCalibrationOnALogisticPriorFailsOnlyTheCalibrationCheck() {
        assertThat(failedChecks(Logistic.class, "wrong-calibration")).containsExactly("codesDrawnAtThePriorHaveTheTargetNonZeroFraction()");
        assertThat(failureOf(Logistic.class, "wrong-calibration", "codesDrawnAtThePriorHaveTheTargetNonZeroFraction"))
                .contains("non-zero fraction of codes drawn at the prior heads").contains("expected 0.100000");
    }

    @Test
    void laplaceFormulasThatAgreeWithEachOtherOnALogisticPriorAreCaughtBySampling() {
        // priorNonZeroFraction() says 0.1 (both formulas are Laplace's): only the samples show 2p/(1 + p).
        assertThat(failedChecks(Logistic.class, "laplace-formulas-on-logistic"))
                .containsExactly("codesDrawnAtThePriorHaveTheTargetNonZeroFraction()");
    }

    @Test
    void aKlSlightlyNegativeJustOffThePriorFailsOnlyTheNonNegativityCheck() {
        assertThat(failedChecks(Laplace.class, "negative-kl-near-prior")).containsExactly("klIsNonNegativeAlsoJustOffThePrior()");
    }

    @Test
    void noiseOfTheWrongScaleFailsOnlyTheKlAgainstTheFamilysOwnSamples() {
        // A sampler supplied by the test (the earlier kit) agreed with the KL; the family's own samples do not.
        assertThat(failedChecks(DenseLaplace.class, "wrong-noise-scale")).containsExactly("klMatchesAMonteCarloEstimateFromTheFamilysOwnSamples()");
    }

    @Test
    void numberArithmeticOnTheGradientPathIsFoundInTheBytecode() {
        assertThat(failureOf(Laplace.class, "number-arithmetic", "thePluginUsesScalarsForArithmeticWithConstants"))
                .contains("org.vsclab.testkit.planted.PlantedBases$NumberArithmetic.kl (PlantedBases.java:")
                .contains("calls NDArray.div(Number)")
                .contains("Scalars");
    }

    @Test
    void aKlOffsetFailsTheZeroAtThePriorCheck() {
        assertThat(failureOf(Laplace.class, "kl-offset", "klIsZeroWhenThePosteriorIsThePrior")).contains("KL at the prior heads");
    }

    @Test
    void noiseNotFromTheContextFailsTheSeedCheck() {
        assertThat(failureOf(Laplace.class, "unseeded-noise", "theSameSeedGivesTheSameSamples")).contains("drawn twice with seed 7");
    }

    @Test
    void aDetachedScaleFailsTheFiniteDifferenceCheck() {
        assertThat(failureOf(Laplace.class, "detached-scale", "gradientsMatchFiniteDifferences")).contains("∂f/∂log-scale");
    }

    @Test
    void drawsWhoseShapeDoesNotFollowJFailTheReplayCheck() {
        assertThat(failureOf(Laplace.class, "j-dependent-draws", "theSelectedSampleReplaysExactly")).contains("drew differently");
    }

    @Test
    void aWrongTailProbabilityFailsTheDeclaredZeroFractionCheck() {
        assertThat(failureOf(Laplace.class, "wrong-zero-probability", "declaredZeroFractionMatchesSamples")).contains("fraction of exact zeros");
    }

    @Test
    void aScaleThatOverflowsFailsTheExtremeHeadsCheck() {
        assertThat(failureOf(Laplace.class, "overflowing-scale", "staysFiniteForExtremeHeads")).contains("contains NaN or Inf");
    }

    @Test
    void codesOfTheWrongShapeFailTheShapeCheck() {
        assertThat(failureOf(Laplace.class, "wrong-shapes", "samplesHaveTheDeclaredShapesAndAreFinite"))
                .contains("codes of 3 data × 5 samples × 4 latents");
    }

    // The suites of the planted families (static nested: run only from here, not by Surefire).

    /** A thresholded Laplace family's suite. */
    static class Laplace extends LaplaceSuite {
        @Override
        protected String priorName() {
            return planted;
        }
    }

    /** A thresholded logistic family's suite. */
    static class Logistic extends LogisticSuite {
        @Override
        protected String priorName() {
            return planted;
        }
    }

    /** A dense Laplace family's suite: no threshold to open for the KL check, no estimator to change. */
    static class DenseLaplace extends Laplace {
        @Override
        protected List<String> klCheckSettings() {
            return settings();
        }

        @Override
        protected List<String> gradientCheckSettings() {
            return settings();
        }
    }
}
