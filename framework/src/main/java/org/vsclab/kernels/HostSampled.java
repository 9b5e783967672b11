package org.vsclab.kernels;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;

/**
 * A variational family that can draw the J samples the runtime scores (without a gradient) on the
 * host, in one pass, with the same draws and the same codes as its {@code sample} method (up to the
 * last bit of a transcendental function). Optional: the runtime uses it when a family offers it and
 * otherwise calls {@code sample}; the framework's thresholded location-scale families offer it for a
 * fixed threshold.
 */
public interface HostSampled {

    /** Returns whether {@link #sampleOnHost} can be used in this family's configuration. */
    boolean samplesOnHost();

    /**
     * Draws J samples per datum for scoring: the same draws from the context, in the same order, as
     * {@code sample(heads, samples, context)} makes, so that the runtime can replay the selected one
     * through {@code sample} with a gradient graph.
     *
     * @param heads the encoder's outputs (detached)
     * @param samples J
     * @param context the source of randomness (not differentiable)
     * @return the codes, their non-zeros, the KL and the diagnostics {@code sample} would give
     */
    Sample sampleOnHost(Heads heads, int samples, SamplingContext context);

    /**
     * J samples drawn on the host.
     *
     * @param codes the codes, (B, J, K)
     * @param nonZeros their non-zeros, B·J rows (this thread's scratch: valid until the next draw)
     * @param kl the per-latent KL, broadcastable to (B, J, K)
     * @param diagnostics as {@code CodeSample.diagnostics()}
     */
    record Sample(NDArray codes, SparseCodes nonZeros, NDArray kl, Map<String, NDArray> diagnostics) {}
}
