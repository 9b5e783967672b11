package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;

/**
 * Batch normalisation over the channel axis with PyTorch's defaults (method.md §12.6): momentum 0.1
 * (DJL's keep factor 0.9), eps 1e-5, weight 1, bias 0. In training mode it normalises with the
 * batch's statistics and updates the running mean and (unbiased) variance in place; in evaluation
 * mode it uses the running statistics. The running statistics are checkpointed state.
 */
final class BatchNormLayer {

    /** DJL's momentum is the fraction kept; the engine passes 1 − 0.9 = 0.1 to PyTorch. */
    private static final float KEEP = 0.9f;

    private static final float EPSILON = 1e-5f;

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray runningMean;
    private final NDArray runningVariance;

    BatchNormLayer(NetworkArrays arrays, String name, int channels) {
        Shape shape = new Shape(channels);
        this.weight = arrays.constant(name + ".weight", shape, 1f);
        this.bias = arrays.constant(name + ".bias", shape, 0f);
        this.runningMean = arrays.buffer(name + ".running_mean", shape, 0f);
        this.runningVariance = arrays.buffer(name + ".running_var", shape, 1f);
    }

    NDArray forward(NDArray x, boolean training) {
        return BatchNorm.batchNorm(x, runningMean, runningVariance, weight, bias, 1, KEEP, EPSILON, training)
                .singletonOrThrow();
    }
}
