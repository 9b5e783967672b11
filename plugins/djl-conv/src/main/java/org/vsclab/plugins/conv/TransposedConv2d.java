package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D transposed convolution ({@code torch.nn.functional.conv_transpose2d}, groups 1, dilation 1)
 * on operations DJL 0.36's PyTorch engine implements: its own {@code deconvolution} throws "Not
 * implemented". The weight keeps PyTorch's layout (in channels, out channels, k, k), so PyTorch
 * weights load one to one.
 *
 * <p>A transposed convolution is the gradient of a convolution with respect to its input, which is
 * an ordinary stride-1 convolution of the input after
 * <ol>
 *   <li>inserting s − 1 zeros between neighbouring pixels on both spatial axes,
 *   <li>padding k − 1 − p zeros on every side (plus the output padding at the bottom and right),
 * </ol>
 * with the kernel flipped on both spatial axes and its two channel axes swapped. The output side is
 * (H − 1)·s − 2p + k + output padding. Every step is differentiable, in the input, the weight and
 * the bias.
 */
public final class TransposedConv2d {

    private TransposedConv2d() {}

    /**
     * Applies the transposed convolution.
     *
     * @param x the input, (N, C_in, H, W)
     * @param weight the kernel, (C_in, C_out, k, k) as in PyTorch
     * @param bias the bias, (C_out), or null
     * @param stride s ≥ 1
     * @param padding p, 0 ≤ p ≤ k − 1
     * @param outputPadding extra rows and columns at the bottom and right, 0 ≤ op &lt; s
     * @return the output, (N, C_out, (H − 1)s − 2p + k + op, (W − 1)s − 2p + k + op)
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding) {
        Shape w = weight.getShape();
        if (w.dimension() != 4 || w.get(2) != w.get(3)) {
            throw new IllegalArgumentException("weight must be (C_in, C_out, k, k), not " + w);
        }
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != w.get(0)) {
            throw new IllegalArgumentException("input must be (N, " + w.get(0) + ", H, W) for weight " + w + ", not " + x.getShape());
        }
        int k = (int) w.get(2);
        if (stride < 1 || padding < 0 || padding > k - 1 || outputPadding < 0 || outputPadding >= Math.max(stride, 1)) {
            throw new IllegalArgumentException("need stride ≥ 1, 0 ≤ padding ≤ k − 1 = " + (k - 1) + " and 0 ≤ output padding < stride;"
                    + " got stride " + stride + ", padding " + padding + ", output padding " + outputPadding);
        }
        NDArray spread = insertZeros(insertZeros(x, stride, 3), stride, 2);
        int edge = k - 1 - padding;
        // constant_pad_nd lists the last axis first: (left, right, top, bottom).
        NDArray padded = edge == 0 && outputPadding == 0
                ? spread
                : spread.pad(new Shape(edge, edge + outputPadding, edge, edge + outputPadding), 0);
        NDArray kernel = weight.flip(2, 3).transpose(1, 0, 2, 3);
        NDList out = bias == null
                ? Conv2d.conv2d(padded, kernel)
                : Conv2d.conv2d(padded, kernel, bias);
        return out.singletonOrThrow();
    }

    /**
     * Inserts s − 1 zeros between neighbouring entries along one spatial axis (2 or 3) of (N, C, H, W):
     * the axis of length n becomes (n − 1)·s + 1.
     */
    static NDArray insertZeros(NDArray x, int stride, int axis) {
        if (stride == 1) {
            return x;
        }
        Shape s = x.getShape();
        NDList parts = new NDList(stride);
        parts.add(x);
        NDArray zeros = x.zerosLike();
        for (int i = 1; i < stride; i++) {
            parts.add(zeros);
        }
        // Stacking after the axis interleaves each entry with its zeros: (…, n, s, …) → (…, n·s, …).
        NDArray interleaved = NDArrays.stack(parts, axis + 1);
        long n = s.get(axis);
        long[] dims = s.getShape().clone();
        dims[axis] = n * stride;
        NDArray flat = interleaved.reshape(new Shape(dims));
        long keep = (n - 1) * stride + 1;
        return axis == 2 ? flat.get(new NDIndex(":, :, :{}", keep)) : flat.get(new NDIndex(":, :, :, :{}", keep));
    }
}
