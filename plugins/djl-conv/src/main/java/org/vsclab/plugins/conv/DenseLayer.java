package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/** A linear layer with bias, weight (out, in) as PyTorch's {@code nn.Linear} and initialised as it is. */
final class DenseLayer {

    private final NDArray weight;
    private final NDArray bias;

    DenseLayer(NetworkArrays arrays, String name, long in, long out) {
        this.weight = arrays.uniform(name + ".weight", new Shape(out, in), in);
        this.bias = arrays.uniform(name + ".bias", new Shape(out), in);
    }

    NDArray forward(NDArray x) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
