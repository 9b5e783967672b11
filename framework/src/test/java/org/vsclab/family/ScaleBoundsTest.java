package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.TestEngine;

/**
 * The bounded scale link: its values and derivative against the closed form
 * ℓ' = ℓ_hi − softplus(ℓ_hi − ℓ_lo − softplus(ℓ − ℓ_lo)) computed in double precision, the bounds it
 * keeps for any head, and the failure it exists for — the Laplace KL's gradient, NaN in float32 at the
 * heads a diverging heavy-tailed run reached (μ = 110, ℓ = −73), finite through the bound.
 */
class ScaleBoundsTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(5);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void valuesAndGradientMatchTheClosedForm() {
        LaplaceBase laplace = new LaplaceBase(0.1);
        ScaleBounds bounds = new ScaleBounds(1e-3, 10);
        double lo = Math.log(1e-3);
        double hi = Math.log(10);
        float[] raw = {-200, -40, -9, -6.9f, -5, -2.3f, 0, 2, 2.3f, 4, 30, 1e6f};
        NDArray x = manager.create(raw);
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = bounds.apply(x, laplace);
            collector.backward(y.sum());
        }
        float[] values = y.toFloatArray();
        float[] gradients = x.getGradient().toFloatArray();
        for (int i = 0; i < raw.length; i++) {
            double inner = softplus(raw[i] - lo);
            double expected = hi - softplus(hi - lo - inner);
            double derivative = sigmoid(hi - lo - inner) * sigmoid(raw[i] - lo);
            assertThat((double) values[i]).as("ℓ' at ℓ = %s", raw[i]).isCloseTo(expected, within(2e-5 * (1 + Math.abs(expected))));
            assertThat((double) gradients[i]).as("dℓ'/dℓ at ℓ = %s", raw[i]).isCloseTo(derivative, within(1e-5));
        }
    }

    /**
     * The autograd gradient of a loss through the bound (the Laplace KL of the bounded head, summed) against
     * central finite differences of the same loss, both in float64, across the bounds and beyond them.
     */
    @Test
    void theGradientThroughTheBoundMatchesFiniteDifferences() {
        LaplaceBase laplace = new LaplaceBase(0.1);
        ScaleBounds bounds = new ScaleBounds(1e-3, 10);
        double[] raw = {-9, -7.5, -6.9, -5, -2, 0, 1.5, 2.3, 3.5};
        double[] mu = {0.01, 0.2, 0.05, 0.3, 1.2, 0.4, 2.0, 5.0, 0.7};
        NDArray x = manager.create(raw);
        x.setRequiresGradient(true);
        NDArray m = manager.create(mu);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(laplace.kl(m, bounds.apply(x, laplace)).sum());
        }
        double[] gradient = x.getGradient().toDoubleArray();
        double h = 1e-5;
        for (int i = 0; i < raw.length; i++) {
            double[] up = raw.clone();
            double[] down = raw.clone();
            up[i] += h;
            down[i] -= h;
            double difference = (klSum(laplace, bounds, up, mu) - klSum(laplace, bounds, down, mu)) / (2 * h);
            assertThat(gradient[i]).as("dKL/dℓ at ℓ = %s", raw[i]).isCloseTo(difference, within(1e-6 * (1 + Math.abs(difference))));
        }
    }

    private static double klSum(LaplaceBase laplace, ScaleBounds bounds, double[] raw, double[] mu) {
        return laplace.kl(manager.create(mu), bounds.apply(manager.create(raw), laplace)).sum().toDoubleArray()[0];
    }

    @Test
    void isTheIdentityWellInsideTheBoundsAndNeverLeavesThem() {
        GaussianBase gaussian = new GaussianBase(0.1);
        ScaleBounds bounds = new ScaleBounds(1e-2, 30);
        // Log-variance: the raw bounds are 2 ln 0.01 = −9.21 and 2 ln 30 = 6.80.
        float[] raw = {-1e7f, -500, -20, -1, 0, 1, 20, 500, 1e7f};
        float[] bounded = bounds.apply(manager.create(raw), gaussian).toFloatArray();
        float[] scales = gaussian.scale(manager.create(bounded)).toFloatArray();
        for (int i = 0; i < raw.length; i++) {
            assertThat(scales[i]).as("σ at ℓ = %s", raw[i]).isBetween(0.01f * 0.9999f, 30f * 1.0001f);
        }
        // Five raw units from the nearest bound the link departs from the identity by less than e^{−5}.
        assertThat(bounded[3]).isCloseTo(-1f, within((float) Math.exp(-8.2)));
        assertThat(bounded[4]).isCloseTo(0f, within((float) Math.exp(-6.8)));
        assertThat(bounded[5]).isCloseTo(1f, within((float) Math.exp(-5.8)));
        assertThat(bounded[0]).isCloseTo((float) (2 * Math.log(0.01)), within(1e-4f));
        assertThat(bounded[8]).isCloseTo((float) (2 * Math.log(30)), within(1e-4f));
    }

    @Test
    void unboundedIsTheInputItself() {
        NDArray raw = manager.create(new float[] {-100, 0, 100});
        assertThat(ScaleBounds.NONE.apply(raw, new LaplaceBase(0.1))).isSameAs(raw);
        assertThat(ScaleBounds.NONE.bounded()).isFalse();
    }

    @Test
    void rawScaleAtInvertsTheBasesScale() {
        for (LocationScaleBase base : new LocationScaleBase[] {new LaplaceBase(0.1), new GaussianBase(0.1)}) {
            for (double s : new double[] {1e-3, 0.1, 1, 42}) {
                double back = base.scale(manager.create((float) base.rawScaleAt(s))).getFloat();
                assertThat(back).as(base.getClass().getSimpleName() + " at " + s).isCloseTo(s, within(1e-6 * s));
            }
        }
    }

    /**
     * The heads at which a heavy-tailed run first produced a non-finite gradient (measured: step 121, a
     * datum 2× the median norm): with b = e^{−73} ≈ 2e-32, b² underflows in float32 and the KL's
     * (b/b_p)·e^{−|μ|/b} differentiates to 0·∞.
     */
    @Test
    void theLaplaceKlGradientIsFiniteThroughTheBoundWhereTheUnboundedOneIsNot() {
        LaplaceBase laplace = new LaplaceBase(0.1);
        assertThat(klGradient(laplace, ScaleBounds.NONE, 110, -73)).as("unbounded (the paper's link)").isNaN();
        float bounded = klGradient(laplace, new ScaleBounds(1e-3, 10), 110, -73);
        assertThat(bounded).isFinite();
        // dKL/dℓ' = −1 + (b/b_p)e^{−|μ|/b}(1 + |μ|/b) = −1 at b = 1e-3, times dℓ'/dℓ ≈ σ(−73 − ln 1e-3) ≈ 0.
        assertThat(bounded).isCloseTo(0f, within(1e-12f));
        // Inside the bounds: the paper's gradient at the linked scale, times the link's slope (both in double precision).
        double raw = Math.log(0.05);
        double lo = Math.log(1e-3);
        double hi = Math.log(10);
        double inner = softplus(raw - lo);
        double b = Math.exp(hi - softplus(hi - lo - inner));
        double paper = -1 + (b / 0.1) * Math.exp(-0.3 / b) * (1 + 0.3 / b);
        double slope = sigmoid(hi - lo - inner) * sigmoid(raw - lo);
        assertThat(klGradient(laplace, new ScaleBounds(1e-3, 10), 0.3f, (float) raw)).isCloseTo((float) (paper * slope), within(1e-5f));
    }

    private static float klGradient(LaplaceBase laplace, ScaleBounds bounds, float mu, float rawScale) {
        NDArray raw = manager.create(new float[] {rawScale});
        raw.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(laplace.kl(manager.create(new float[] {mu}), bounds.apply(raw, laplace)).sum());
        }
        return raw.getGradient().getFloat();
    }

    @Test
    void theThresholdedFamilyDrawsItsNoiseAndItsKlFromTheBoundedScale() {
        LaplaceBase laplace = new LaplaceBase(0.1);
        ThresholdedFamily family = new ThresholdedFamily(laplace, new FixedThreshold(0.3), StraightThroughEstimator.AUTHORS,
                Ramp.constant(1), new ScaleBounds(1e-3, 10));
        Heads heads = new Heads(Map.of(
                "loc", manager.create(new float[] {110, 0.3f, -2}, new Shape(1, 3)),
                "log-scale", manager.create(new float[] {-73, (float) Math.log(0.05), 40}, new Shape(1, 3))));
        CodeSample sample = family.sample(heads, 4, new FixedNoiseContext(manager).training(false));
        float[] scale = sample.diagnostics().get("scale").toFloatArray();
        assertThat(scale[0]).isCloseTo(1e-3f, within(1e-6f));
        assertThat(scale[1]).as("inside the bounds, nearly the paper's scale").isCloseTo(0.05f, within(0.05f * 0.03f));
        assertThat(scale[2]).isCloseTo(10f, within(1e-3f));
        float[] kl = sample.kl().toFloatArray();
        // ln(b_p/b) + |μ|/b_p + (b/b_p)e^{−|μ|/b} − 1 at the bounded scales (method.md §8).
        assertThat(kl[0]).isCloseTo((float) (Math.log(100) + 1100 - 1), within(1e-2f));
        assertThat(kl[2]).isCloseTo((float) (Math.log(0.01) + 20 + 100 * Math.exp(-0.2) - 1), within(1e-3f));
    }

    @Test
    void settingsReadNullAsUnboundedAndRejectBadBounds() {
        assertThat(ScaleBounds.read(settings("scale-bounds = null"))).isEqualTo(ScaleBounds.NONE);
        assertThat(ScaleBounds.read(settings("other = 1"))).isEqualTo(ScaleBounds.NONE);
        assertThat(ScaleBounds.read(settings("scale-bounds { min = 0.001, max = 10 }"))).isEqualTo(new ScaleBounds(1e-3, 10));
        assertThatThrownBy(() -> ScaleBounds.read(settings("scale-bounds { min = 1, max = 0.5 }")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("priors.p.scale-bounds.max");
        assertThatThrownBy(() -> ScaleBounds.read(settings("scale-bounds { min = 0, max = 1 }")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("priors.p.scale-bounds.min");
    }

    private static Settings settings(String body) {
        return Settings.of(ConfigFactory.parseString("priors.p { " + body + " }")).at("priors.p");
    }
}
