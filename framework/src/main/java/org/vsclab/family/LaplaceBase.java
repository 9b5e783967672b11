package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.vsclab.kernels.ThresholdSampling;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/**
 * The Laplace distribution as a location-scale base (method.md §4.2, §8, §9): the scale head is the
 * log-scale (b = exp ℓ), noise is drawn by the inverse CDF with the reference's clamp, the prior is
 * Laplace(0, b_p). Shared by the {@code laplacian} and {@code thresholded-laplacian} plugins.
 */
public final class LaplaceBase implements LocationScaleBase {

    /** The clamp of 1 − 2|v| in the inverse CDF; bounds |ε| ≤ 13.8·b as in the reference. */
    static final double CLAMP = 1e-6;

    private final double priorScale;

    /**
     * Creates the base.
     *
     * @param priorScale b_p &gt; 0, the prior's scale (0.1 in the paper)
     */
    public LaplaceBase(double priorScale) {
        if (!(priorScale > 0)) {
            throw new IllegalArgumentException("prior scale must be positive: " + priorScale);
        }
        this.priorScale = priorScale;
    }

    @Override
    public HeadSpec scaleHead() {
        return new HeadSpec(HeadSpec.LOG_SCALE, "log-scale ln b of the Laplace posterior");
    }

    @Override
    public NDArray scale(NDArray rawScale) {
        return rawScale.exp();
    }

    /**
     * Draws v ~ U(−½, ½) and returns sign(v)·ln(max(1 − 2|v|, 1e-6)), a clamped Laplace(0, 1) (the
     * reference writes −sign(v); by symmetry the distribution is the same, with one operation less).
     */
    @Override
    public NDArray unitNoise(Shape shape, SamplingContext context) {
        NDArray v = Scalars.minus(context.uniform(shape), 0.5);
        return v.sign().mul(Scalars.atLeast(Scalars.plus(Scalars.times(v.abs(), -2), 1), CLAMP).log());
    }

    @Override
    public Optional<ThresholdSampling.Noise> hostNoise() {
        return Optional.of(HOST_NOISE);
    }

    /** {@link #unitNoise} on the host: the same uniform draws and float32 operations (the log to within an ulp). */
    static final ThresholdSampling.Noise HOST_NOISE = new ThresholdSampling.Noise() {
        private static final float HOST_CLAMP = (float) CLAMP;
        /** 2⁻²⁴: the rounding error of 1 − 2|c| in float32, for every |c| ≤ ½. */
        private static final double Q_ROUNDING = 0x1p-24;

        @Override
        public NDArray draw(Shape shape, SamplingContext context) {
            return context.uniform(shape);
        }

        @Override
        public float offset() {
            return 0.5f;
        }

        @Override
        public float unit(float c) {
            float q = Math.max(Math.abs(c) * -2f + 1f, HOST_CLAMP);
            return Math.signum(c) * (float) Math.log(q);
        }

        @Override
        public float zeroBound(double t) {
            // |ε|·s ≤ λ ⇔ 1 − 2|c| ≥ e^(−t); a relative margin of 1e-5 on t covers the rounding of the log and of ε·s.
            double q = Math.exp(-t * (1 - 1e-5));
            return ThresholdSampling.roundedDown((1 - q - Q_ROUNDING) / 2);
        }
    };

    /** KL(Laplace(μ, b) ‖ Laplace(0, b_p)) = ln(b_p/b) + |μ|/b_p + (b/b_p)·e^{−|μ|/b} − 1. */
    @Override
    public NDArray kl(NDArray loc, NDArray rawScale) {
        NDArray b = rawScale.exp();
        NDArray absLoc = loc.abs();
        NDArray logRatio = Scalars.plus(rawScale.neg(), Math.log(priorScale));
        NDArray tail = Scalars.over(b, priorScale).mul(absLoc.div(b).neg().exp());
        return Scalars.minus(logRatio.add(Scalars.over(absLoc, priorScale)).add(tail), 1);
    }

    /** P(|ε| &gt; λ) = exp(−|λ|/b). */
    @Override
    public NDArray tailProbability(NDArray lambda, NDArray scale) {
        return lambda.abs().div(scale).neg().exp();
    }

    /** λ = b_p·ln(1/p). */
    @Override
    public double calibrate(double nonZeroFraction) {
        return priorScale * Math.log(1 / nonZeroFraction);
    }

    @Override
    public double priorTailProbability(double lambda) {
        return Math.exp(-Math.abs(lambda) / priorScale);
    }

    /** Returns b_p. */
    public double priorScale() {
        return priorScale;
    }
}
