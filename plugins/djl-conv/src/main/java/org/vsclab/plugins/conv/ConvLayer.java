package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** A convolution with bias, weight (C_out, C_in, k, k), initialised as PyTorch's {@code nn.Conv2d}. */
final class ConvLayer {

    private final ConvSpec spec;
    private final NDArray weight;
    private final NDArray bias;

    ConvLayer(NetworkArrays arrays, String name, ConvSpec spec) {
        this.spec = spec;
        Shape shape = new Shape(spec.out(), spec.in(), spec.kernel(), spec.kernel());
        long fanIn = PyTorchInit.fanIn(shape);
        this.weight = arrays.uniform(name + ".weight", shape, fanIn);
        this.bias = arrays.uniform(name + ".bias", new Shape(spec.out()), fanIn);
    }

    NDArray forward(NDArray x) {
        return Conv2d.conv2d(x, weight, bias, new Shape(spec.stride(), spec.stride()),
                new Shape(spec.padding(), spec.padding())).singletonOrThrow();
    }
}
