package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.vsclab.kernels.ThresholdSampling;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SamplingContext;

/**
 * The distribution-specific part of a location-scale family: how its scale head maps to a scale,
 * how unit noise is drawn, its closed-form KL to its prior, its tail probability and its threshold
 * calibration. A plugin implements this; {@link ThresholdedFamily} does the rest.
 */
public interface LocationScaleBase {

    /** Returns the head that parameterises the scale (e.g. log-scale or log-variance). */
    HeadSpec scaleHead();

    /**
     * Maps the raw scale head to the noise scale (b for a Laplacian, σ for a Gaussian).
     *
     * @param rawScale the scale head, shape (B, K)
     * @return the scale, same shape
     */
    NDArray scale(NDArray rawScale);

    /**
     * Returns the raw scale head at which the noise scale is {@code scale}: the inverse of {@link
     * #scale(NDArray)}, used by {@link ScaleBounds}. The default knows the two standard heads, a
     * log-scale (ln s) and a log-variance (2 ln s); a base with another parameterisation overrides it.
     *
     * @param scale the noise scale, &gt; 0
     * @return the raw head's value
     * @throws UnsupportedOperationException for a head the default does not know
     */
    default double rawScaleAt(double scale) {
        return switch (scaleHead().name()) {
            case HeadSpec.LOG_SCALE -> Math.log(scale);
            case HeadSpec.LOG_VARIANCE -> 2 * Math.log(scale);
            default -> throw new UnsupportedOperationException(getClass().getName() + "'s scale head '" + scaleHead().name()
                    + "' is neither a log-scale nor a log-variance; override rawScaleAt(double) to use scale-bounds with it");
        };
    }

    /**
     * Draws unit-scale noise (scale 1, location 0) from the context's random streams.
     *
     * @param shape the shape, (B, J, K)
     * @param context the sampling context
     * @return the noise
     */
    NDArray unitNoise(Shape shape, SamplingContext context);

    /**
     * Returns the host twin of {@link #unitNoise}, if the base has one: the same raw draws and the same
     * float32 arithmetic, so that the runtime may draw a thresholded family's J scoring samples in one
     * host pass ({@link ThresholdSampling}). Empty by default: the engine path is then used.
     *
     * @return the host noise, or empty
     */
    default Optional<ThresholdSampling.Noise> hostNoise() {
        return Optional.empty();
    }

    /**
     * Returns the closed-form KL of the (un-thresholded) posterior to the prior, per latent. A base
     * without a closed form implements {@link #kl(NDArray, NDArray, SamplingContext)} instead and keeps
     * this default, which throws.
     *
     * @param loc μ, shape (B, K)
     * @param rawScale the scale head, shape (B, K)
     * @return KL in nats, shape (B, K)
     */
    default NDArray kl(NDArray loc, NDArray rawScale) {
        throw new UnsupportedOperationException(getClass().getName() + " has no closed-form KL; the families call"
                + " kl(loc, rawScale, context), which it must implement (e.g. with MonteCarloKl.estimate)");
    }

    /**
     * Returns the KL the families put into the loss, per latent: the closed form {@link #kl(NDArray,
     * NDArray)} by default. A base without one returns a Monte-Carlo estimate drawn from the context
     * ({@link MonteCarloKl#estimate}), so that it is seeded, replayable and differentiable like the
     * samples.
     *
     * @param loc μ, shape (B, K)
     * @param rawScale the scale head, shape (B, K)
     * @param context the sampling context of the step
     * @return KL in nats (or an unbiased estimate of it), shape (B, K)
     */
    default NDArray kl(NDArray loc, NDArray rawScale, SamplingContext context) {
        return kl(loc, rawScale);
    }

    /**
     * Returns P(|ε| &gt; λ) for zero-mean noise of the given scale.
     *
     * @param lambda the threshold, broadcastable
     * @param scale the noise scale, broadcastable
     * @return the tail probability
     */
    NDArray tailProbability(NDArray lambda, NDArray scale);

    /**
     * Returns the threshold at which the thresholded prior has the given fraction of non-zeros.
     *
     * @param nonZeroFraction the target p, in (0, 1)
     * @return λ
     */
    double calibrate(double nonZeroFraction);

    /**
     * Returns the fraction of non-zeros of the prior thresholded at λ (the inverse of {@link #calibrate}).
     *
     * @param lambda the threshold
     * @return the non-zero fraction
     */
    double priorTailProbability(double lambda);
}
