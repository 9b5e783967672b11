package org.vsclab.testkit.planted;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.vsclab.family.LocationScaleBase;
import org.vsclab.family.MonteCarloKl;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/**
 * The logistic distribution as a location-scale base: the example of a prior whose KL has no
 * closed form, so the family returns a Monte-Carlo estimate drawn from the sampling context. Scale
 * s = e^ℓ; unit noise ln(v/(1 − v)), v ~ U(0, 1) clamped to [1e-6, 1 − 1e-6]; P(|ε| &gt; λ) = 2/(1 + e^{λ/s});
 * calibration λ = b_p·ln(2/p − 1).
 */
public class TestLogistic implements LocationScaleBase {

    static final double CLAMP = 1e-6;
    static final int KL_DRAWS = 16;

    /** b_p. */
    protected final double priorScale;

    /**
     * Creates the base.
     *
     * @param priorScale b_p
     */
    public TestLogistic(double priorScale) {
        this.priorScale = priorScale;
    }

    @Override
    public HeadSpec scaleHead() {
        return new HeadSpec(HeadSpec.LOG_SCALE, "log-scale ln s of the logistic posterior");
    }

    @Override
    public NDArray scale(NDArray rawScale) {
        return rawScale.exp();
    }

    @Override
    public NDArray unitNoise(Shape shape, SamplingContext context) {
        NDArray v = Scalars.clip(context.uniform(shape), CLAMP, 1 - CLAMP);
        return v.log().sub(Scalars.minus(v, 1).neg().log());
    }

    @Override
    public NDArray kl(NDArray loc, NDArray rawScale, SamplingContext context) {
        return MonteCarloKl.estimate(this, loc, rawScale, context, KL_DRAWS, this::logRatio);
    }

    private NDArray logRatio(NDArray u, NDArray loc, NDArray scale) {
        return logDensity(u.sub(loc).div(scale)).sub(scale.log()).sub(Scalars.plus(logDensity(Scalars.over(u, priorScale)),
                -Math.log(priorScale)));
    }

    /** ln of the unit logistic density at t: −|t| − 2 ln(1 + e^{−|t|}) (it is symmetric). */
    private static NDArray logDensity(NDArray t) {
        NDArray a = t.abs();
        return a.add(Scalars.times(Scalars.plus(a.neg().exp(), 1).log(), 2)).neg();
    }

    @Override
    public NDArray tailProbability(NDArray lambda, NDArray scale) {
        return Scalars.times(Activation.sigmoid(lambda.abs().div(scale).neg()), 2);
    }

    @Override
    public double calibrate(double nonZeroFraction) {
        return priorScale * Math.log(2 / nonZeroFraction - 1);
    }

    @Override
    public double priorTailProbability(double lambda) {
        return 2 / (1 + Math.exp(Math.abs(lambda) / priorScale));
    }
}
