package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
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

    /** Runs suites or checks of them and returns the failed tests. */
    private static Events failures(DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter").selectors(selector).execute().testEvents().failed();
    }

    private static List<String> failedChecks(Class<?> suite) {
        return failures(selectClass(suite)).stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    private static String failureOf(Class<?> suite, String check) {
        Events failed = failures(selectMethod(suite, check));
        assertThat(failed.count()).as("%s must fail on %s", check, suite.getSimpleName()).isEqualTo(1);
        Event event = failed.list().get(0);
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    }

    @Test
    void aLaplaceCalibrationOnALogisticPriorFailsOnlyTheCalibrationCheck() {
        assertThat(failedChecks(WrongCalibrationSuite.class)).containsExactly("codesDrawnAtThePriorHaveTheTargetNonZeroFraction()");
        assertThat(failureOf(WrongCalibrationSuite.class, "codesDrawnAtThePriorHaveTheTargetNonZeroFraction"))
                .contains("non-zero fraction of codes drawn at the prior heads").contains("expected 0.100000");
    }

    @Test
    void laplaceFormulasThatAgreeWithEachOtherOnALogisticPriorAreCaughtBySampling() {
        // priorNonZeroFraction() says 0.1 (both formulas are Laplace's): only the samples show 2p/(1 + p).
        assertThat(failedChecks(LaplaceFormulasOnLogisticSuite.class)).containsExactly("codesDrawnAtThePriorHaveTheTargetNonZeroFraction()");
    }

    @Test
    void aKlSlightlyNegativeJustOffThePriorFailsOnlyTheNonNegativityCheck() {
        assertThat(failedChecks(NegativeKlNearPriorSuite.class)).containsExactly("klIsNonNegativeAlsoJustOffThePrior()");
    }

    @Test
    void noiseOfTheWrongScaleFailsOnlyTheKlAgainstTheFamilysOwnSamples() {
        // A sampler supplied by the test (the earlier kit) agreed with the KL; the family's own samples do not.
        assertThat(failedChecks(WrongNoiseScaleSuite.class)).containsExactly("klMatchesAMonteCarloEstimateFromTheFamilysOwnSamples()");
    }

    @Test
    void numberArithmeticOnTheGradientPathIsFoundInTheBytecode() {
        assertThat(failureOf(NumberArithmeticSuite.class, "thePluginUsesScalarsForArithmeticWithConstants"))
                .contains("org.vsclab.testkit.planted.PlantedBases$NumberArithmetic.kl (PlantedBases.java:")
                .contains("calls NDArray.div(Number)")
                .contains("Scalars");
    }

    @Test
    void aKlOffsetFailsTheZeroAtThePriorCheck() {
        assertThat(failureOf(KlOffsetSuite.class, "klIsZeroWhenThePosteriorIsThePrior")).contains("KL at the prior heads");
    }

    @Test
    void noiseNotFromTheContextFailsTheSeedCheck() {
        assertThat(failureOf(UnseededNoiseSuite.class, "theSameSeedGivesTheSameSamples")).contains("drawn twice with seed 7");
    }

    @Test
    void aDetachedScaleFailsTheFiniteDifferenceCheck() {
        assertThat(failureOf(DetachedScaleSuite.class, "gradientsMatchFiniteDifferences")).contains("∂f/∂log-scale");
    }

    @Test
    void drawsWhoseShapeDoesNotFollowJFailTheReplayCheck() {
        assertThat(failureOf(JDependentDrawsSuite.class, "theSelectedSampleReplaysExactly")).contains("drew differently");
    }

    @Test
    void aWrongTailProbabilityFailsTheDeclaredZeroFractionCheck() {
        assertThat(failureOf(WrongZeroProbabilitySuite.class, "declaredZeroFractionMatchesSamples")).contains("fraction of exact zeros");
    }

    @Test
    void aScaleThatOverflowsFailsTheExtremeHeadsCheck() {
        assertThat(failureOf(OverflowingScaleSuite.class, "staysFiniteForExtremeHeads")).contains("contains NaN or Inf");
    }

    @Test
    void codesOfTheWrongShapeFailTheShapeCheck() {
        assertThat(failureOf(WrongShapesSuite.class, "samplesHaveTheDeclaredShapesAndAreFinite")).contains("codes of 3 data × 5 samples × 4 latents");
    }

    // The suites of the planted families (static nested: run only from here, not by Surefire).

    static class WrongCalibrationSuite extends LogisticSuite {
        @Override
        protected String priorName() {
            return "wrong-calibration";
        }
    }

    static class LaplaceFormulasOnLogisticSuite extends LogisticSuite {
        @Override
        protected String priorName() {
            return "laplace-formulas-on-logistic";
        }
    }

    static class NegativeKlNearPriorSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "negative-kl-near-prior";
        }
    }

    static class WrongNoiseScaleSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "wrong-noise-scale";
        }

        @Override
        protected List<String> klCheckSettings() {
            return settings();   // dense: no threshold to open
        }

        @Override
        protected List<String> gradientCheckSettings() {
            return settings();
        }
    }

    static class NumberArithmeticSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "number-arithmetic";
        }
    }

    static class KlOffsetSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "kl-offset";
        }
    }

    static class UnseededNoiseSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "unseeded-noise";
        }
    }

    static class DetachedScaleSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "detached-scale";
        }
    }

    static class JDependentDrawsSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "j-dependent-draws";
        }
    }

    static class WrongZeroProbabilitySuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "wrong-zero-probability";
        }
    }

    static class OverflowingScaleSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "overflowing-scale";
        }
    }

    static class WrongShapesSuite extends LaplaceSuite {
        @Override
        protected String priorName() {
            return "wrong-shapes";
        }
    }
}
