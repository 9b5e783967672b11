package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * A model as metrics see it: its components and the operations a trained model is used for —
 * inference of one code per datum, the loss's forward pass, and the loss's gradients.
 */
public interface TrainedModel {

    /** Returns the inference network. */
    Encoder encoder();

    /** Returns the variational family and prior. */
    VariationalFamily family();

    /** Returns the generator. */
    Generator generator();

    /** Returns the sample selector. */
    SampleSelector selector();

    /** Returns J, the number of samples per datum in training. */
    int samples();

    /** Returns κ, the weight of the KL term. */
    double klWeight();

    /** Returns the shape of one data sample. */
    Shape sampleShape();

    /**
     * Infers one code per datum without a gradient graph: J samples, and with J &gt; 1 the selector's
     * choice (max-ELBO keeps the best; it needs the generator).
     *
     * @param data a batch, (B, *sample shape)
     * @param samples J
     * @param context randomness and state (normally evaluation state)
     * @return codes, (B, K)
     */
    NDArray infer(NDArray data, int samples, SamplingContext context);

    /**
     * Runs the loss's forward pass with J samples per datum (with a gradient graph only inside a
     * gradient recording, see {@link #lossGradients}).
     *
     * @param data a batch, (B, *sample shape)
     * @param samples J
     * @param context randomness and state
     * @return the pass
     */
    ModelPass forward(NDArray data, int samples, SamplingContext context);

    /**
     * Computes the gradient of the loss on a batch with respect to every parameter trained through it,
     * without changing the model (as a training step would before its update).
     *
     * @param data a batch, (B, *sample shape)
     * @param samples J
     * @param context randomness and state; should be {@link SamplingContext#differentiable()}
     * @return the gradients and the generator's view of the pass
     */
    LossGradients lossGradients(NDArray data, int samples, SamplingContext context);

    /**
     * The loss's gradients on one batch.
     *
     * @param parameters parameter name (prefixed {@code encoder.} or {@code generator.}) to a copy of
     *     its gradient
     * @param step what a generator with its own update rule would see after this pass (its update
     *     direction can be computed from it)
     */
    record LossGradients(Map<String, NDArray> parameters, GeneratorStep step) {}
}
