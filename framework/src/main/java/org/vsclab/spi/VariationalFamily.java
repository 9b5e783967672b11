package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * A variational posterior family together with its prior: what a researcher picks with
 * {@code model.prior = <name>}.
 *
 * <p>A family declares the encoder heads it needs, draws J reparameterised codes per datum from
 * those heads, and returns the per-latent KL term that enters the loss. Implementations are
 * contributed by plugins (see {@code org.vsclab.plugin.VscPlugin}); shared building blocks such as
 * the shifted soft threshold live in {@code org.vsclab.family}.
 */
public interface VariationalFamily {

    /** Returns the heads this family needs from the encoder, in a fixed order. */
    List<HeadSpec> heads();

    /**
     * Draws codes and computes the KL term.
     *
     * @param heads the encoder's outputs, one (batch, latents) array per declared head
     * @param samples J, the number of samples per datum
     * @param context randomness, schedule position and array manager
     * @return codes of shape (batch, J, latents) and their KL term
     */
    CodeSample sample(Heads heads, int samples, SamplingContext context);

    /**
     * Returns the analytic probability that each code is exactly zero under the posterior, shape
     * (batch, latents). Dense families return zeros. Used by tests and the conformance kit to check
     * the empirical sparsity of {@link #sample}.
     *
     * @param heads the encoder's outputs
     * @param context the same context {@link #sample} would get
     * @return P(z = 0), broadcastable to (batch, latents)
     */
    NDArray zeroProbability(Heads heads, SamplingContext context);

    /**
     * Returns the fraction of non-zero codes the prior implies (the calibration target), or 1 for a
     * dense prior.
     */
    double priorNonZeroFraction();

    /**
     * Returns values the family derived from its settings at build time (e.g. a threshold calibrated
     * from a target sparsity), recorded with the run as parameters {@code derived.prior.<key>}.
     */
    default Map<String, String> derivedSettings() {
        return Map.of();
    }
}
