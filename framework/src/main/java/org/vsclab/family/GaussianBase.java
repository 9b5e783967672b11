package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.vsclab.kernels.ThresholdSampling;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/**
 * The Gaussian distribution as a location-scale base (method.md §4.1, §8, §9): the scale head is the
 * log-variance (σ = exp(ℓ/2)), the prior is N(0, s_p) with s_p a <em>variance</em>. Shared by the
 * {@code gaussian} and {@code thresholded-gaussian} plugins.
 */
public final class GaussianBase implements LocationScaleBase {

    private final double priorVariance;

    /**
     * Creates the base.
     *
     * @param priorVariance s_p &gt; 0 (0.1 in the paper)
     */
    public GaussianBase(double priorVariance) {
        if (!(priorVariance > 0)) {
            throw new IllegalArgumentException("prior variance must be positive: " + priorVariance);
        }
        this.priorVariance = priorVariance;
    }

    @Override
    public HeadSpec scaleHead() {
        return new HeadSpec(HeadSpec.LOG_VARIANCE, "log-variance ln σ² of the Gaussian posterior");
    }

    @Override
    public NDArray scale(NDArray rawScale) {
        return Scalars.times(rawScale, 0.5).exp();
    }

    @Override
    public NDArray unitNoise(Shape shape, SamplingContext context) {
        return context.normal(shape);
    }

    @Override
    public Optional<ThresholdSampling.Noise> hostNoise() {
        return Optional.of(HOST_NOISE);
    }

    /** {@link #unitNoise} on the host: ε is the engine's normal draw itself. */
    static final ThresholdSampling.Noise HOST_NOISE = new ThresholdSampling.Noise() {
        @Override
        public NDArray draw(Shape shape, SamplingContext context) {
            return context.normal(shape);
        }

        @Override
        public float offset() {
            return 0f;
        }

        @Override
        public float unit(float c) {
            return c;
        }

        @Override
        public float zeroBound(double t) {
            return ThresholdSampling.roundedDown(t * (1 - 1e-5));
        }
    };

    /** KL(N(μ, e^ℓ) ‖ N(0, s_p)) = ½[(μ² + e^ℓ)/s_p − 1 − ℓ + ln s_p]. */
    @Override
    public NDArray kl(NDArray loc, NDArray rawScale) {
        NDArray ratio = Scalars.over(loc.square().add(rawScale.exp()), priorVariance);
        return Scalars.times(Scalars.plus(ratio.sub(rawScale), Math.log(priorVariance) - 1), 0.5);
    }

    /** P(|ε| &gt; λ) = erfc(|λ|/(σ√2)) = 1 − erf(|λ|/(σ√2)). */
    @Override
    public NDArray tailProbability(NDArray lambda, NDArray scale) {
        return Scalars.minus(Scalars.over(lambda.abs().div(scale), Math.sqrt(2)).erf(), 1).neg();
    }

    /** λ = √s_p · Φ⁻¹(1 − p/2). */
    @Override
    public double calibrate(double nonZeroFraction) {
        return Math.sqrt(priorVariance) * SpecialFunctions.normalQuantile(1 - nonZeroFraction / 2);
    }

    @Override
    public double priorTailProbability(double lambda) {
        return SpecialFunctions.erfc(Math.abs(lambda) / Math.sqrt(2 * priorVariance));
    }

    /** Returns s_p. */
    public double priorVariance() {
        return priorVariance;
    }
}
