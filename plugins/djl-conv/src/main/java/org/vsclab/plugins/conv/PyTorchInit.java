package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's default initialisation (method.md §12.6), stated here because DJL's default is Xavier:
 * weights and biases of {@code Linear}, {@code Conv2d} and {@code ConvTranspose2d} are drawn from
 * U(−1/√fan_in, 1/√fan_in), which is what {@code kaiming_uniform_(a=√5)} gives for the weight and
 * what {@code reset_parameters} draws for the bias. PyTorch computes fan_in from the weight's second
 * dimension times the kernel area: the input width for Linear, C_in·k·k for a convolution, and
 * C_out·k·k for a transposed convolution, whose weight is (C_in, C_out, k, k). Batch norm starts at
 * weight 1, bias 0, running mean 0 and running variance 1.
 */
final class PyTorchInit {

    private PyTorchInit() {}

    /**
     * Returns PyTorch's fan_in of a weight: its dimension 1 times the product of its dimensions from 2 on.
     *
     * @param weight the weight's shape: (out, in) for Linear, (C_out, C_in, k, k) for Conv, (C_in, C_out, k, k) for ConvTranspose
     * @return fan_in
     */
    static long fanIn(Shape weight) {
        long fan = weight.get(1);
        for (int i = 2; i < weight.dimension(); i++) {
            fan *= weight.get(i);
        }
        return fan;
    }

    /**
     * Draws U(−1/√fanIn, 1/√fanIn) from the engine's seeded generator and attaches a gradient.
     *
     * @param manager owner of the parameter
     * @param shape its shape
     * @param fanIn the layer's fan_in (see {@link #fanIn})
     * @return the parameter
     */
    static NDArray uniform(NDManager manager, Shape shape, long fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        NDArray p = manager.randomUniform(-bound, bound, shape);
        p.setRequiresGradient(true);
        return p;
    }
}
