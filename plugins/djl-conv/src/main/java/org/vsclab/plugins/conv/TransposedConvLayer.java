package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A transposed convolution with bias, weight (C_in, C_out, k, k) as PyTorch's {@code nn.ConvTranspose2d},
 * initialised as PyTorch does (fan_in = C_out·k·k, from the weight's second dimension).
 */
final class TransposedConvLayer {

    private final ConvSpec spec;
    private final NDArray weight;
    private final NDArray bias;

    TransposedConvLayer(NetworkArrays arrays, String name, ConvSpec spec) {
        this.spec = spec;
        Shape shape = new Shape(spec.in(), spec.out(), spec.kernel(), spec.kernel());
        long fanIn = PyTorchInit.fanIn(shape);
        this.weight = arrays.uniform(name + ".weight", shape, fanIn);
        this.bias = arrays.uniform(name + ".bias", new Shape(spec.out()), fanIn);
    }

    NDArray forward(NDArray x) {
        return TransposedConv2d.apply(x, weight, bias, spec.stride(), spec.padding(), 0);
    }
}
