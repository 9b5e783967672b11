package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Objects;

/**
 * J reparameterised codes per datum and their KL divergence to the prior.
 *
 * @param codes the codes, shape (batch, J, latents); exactly zero where the family is sparse
 * @param kl the per-latent KL term that enters the loss, already carrying any family-internal weight
 *     (e.g. κ_Γ for a learned threshold); shape broadcastable to (batch, J, latents), typically
 *     (batch, 1, latents) when the KL does not depend on the sample
 * @param diagnostics optional per-latent quantities worth logging (e.g. {@code lambda}), each
 *     broadcastable to (batch, J, latents); the runtime logs their means
 */
public record CodeSample(NDArray codes, NDArray kl, Map<String, NDArray> diagnostics) {

    /** Validates and copies. */
    public CodeSample {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(kl, "kl");
        diagnostics = Map.copyOf(diagnostics);
    }

    /**
     * A sample without diagnostics.
     *
     * @param codes shape (batch, J, latents)
     * @param kl broadcastable to (batch, J, latents)
     */
    public CodeSample(NDArray codes, NDArray kl) {
        this(codes, kl, Map.of());
    }
}
