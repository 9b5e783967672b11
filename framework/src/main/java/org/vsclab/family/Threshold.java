package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;

/**
 * Where a thresholded family's λ comes from: a fixed value ({@link FixedThreshold}) or a per-datum,
 * per-sample, per-latent draw from an amortised Gamma posterior ({@link LearnedThreshold}).
 */
public interface Threshold {

    /** Returns the extra encoder heads this threshold needs (none for a fixed λ). */
    List<HeadSpec> heads();

    /**
     * Draws λ for a batch.
     *
     * @param heads the encoder's outputs
     * @param shape (B, J, K)
     * @param context randomness and state
     * @return λ and its KL term
     */
    Draw draw(Heads heads, Shape shape, SamplingContext context);

    /**
     * Returns P(z = 0) = E_λ[1 − P(|ε| &gt; λ)] for noise of the given scale.
     *
     * @param heads the encoder's outputs
     * @param scale the noise scale, (B, K)
     * @param base the base distribution (for its tail probability)
     * @param context randomness and state
     * @return the zero probability, (B, K)
     */
    NDArray zeroProbability(Heads heads, NDArray scale, LocationScaleBase base, SamplingContext context);

    /** Returns λ (fixed) or λ₀, the prior mean of a learned λ. */
    double priorLambda();

    /**
     * Returns the fraction of non-zeros of the thresholded prior: P(|ε| &gt; λ) under the prior's λ, or its
     * expectation when λ itself is drawn from a prior.
     *
     * @param base the base distribution, whose prior tail gives P(|ε| &gt; λ) for a given λ
     * @return the fraction, in [0, 1]
     */
    default double priorNonZeroFraction(LocationScaleBase base) {
        return base.priorTailProbability(priorLambda());
    }

    /**
     * A draw of λ.
     *
     * @param lambda broadcastable to (B, J, K)
     * @param kl the threshold's own weighted KL term, (B, 1, K), or null if it has none
     * @param diagnostics quantities worth logging, e.g. the mean λ
     */
    record Draw(NDArray lambda, NDArray kl, Map<String, NDArray> diagnostics) {}
}
