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
 * weights load one to one. Every step is differentiable, in the input, the weight and the bias.
 *
 * <p>The textbook form ({@link #applyByZeroInsertion}) is a stride-1 convolution of the input after
 * inserting s − 1 zeros between neighbouring pixels and padding k − 1 − p on every side, with the
 * kernel flipped on both spatial axes and its channel axes swapped. At stride s, s² − 1 of every s²
 * products it computes are with inserted zeros. {@link #apply} computes the same values without them
 * (the sub-pixel or polyphase form): output pixel o = q·s + r − p takes only the taps t ≡ r (mod s)
 * of the kernel, so the s² phases (r_h, r_w) are s² stride-1 convolutions with ⌈k/s⌉² taps, done as
 * one convolution with s²·C_out output channels and interleaved afterwards. The output side is
 * (H − 1)·s − 2p + k + output padding in both forms.
 *
 * <p>Memory: the padding is applied inside {@code conv2d} (no padded copy of the input, which autograd
 * would keep until the backward pass), the bias is added by the convolution itself, and the
 * intermediate arrays are freed as soon as the next operation has read them (autograd keeps its own
 * references to what the backward pass needs; DJL would otherwise hold every intermediate until the
 * step's scope closes). For the paper's FMNIST step (10,240 decodings) this is the difference between
 * holding about 5 GB of intermediates and about 1.7 GB.
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
        int k = checkArguments(x, weight, stride, padding, outputPadding);
        long cin = weight.getShape().get(0);
        long cout = weight.getShape().get(1);
        if (stride == 1) {
            // A stride-1 transposed convolution is a convolution with the flipped, transposed kernel and
            // padding k − 1 − p, which conv2d applies without materialising a padded copy of x.
            int edge = k - 1 - padding;
            try (NDArray flipped = weight.flip(2, 3); NDArray kernel = flipped.transpose(1, 0, 2, 3)) {
                return conv2d(x, kernel, bias, edge);
            }
        }
        int s = stride;
        int taps = (k + s - 1) / s;
        // Kernel taps t = m·s + r (zero beyond k): (C_in, C_out, taps·s, taps·s) → (C_in, C_out, m_h, r_h, m_w, r_w).
        NDArray w = taps * s == k ? weight : weight.pad(new Shape(0, taps * s - k, 0, taps * s - k), 0);
        NDArray taps6 = w.reshape(cin, cout, taps, s, taps, s);
        NDArray flipped = taps6.flip(2, 4);
        NDArray byPhase = flipped.transpose(3, 5, 1, 0, 2, 4);   // (r_h, r_w, C_out, C_in, m_h, m_w)
        NDArray phases = byPhase.reshape(s * s * cout, cin, taps, taps);
        Intermediates.close(taps6, flipped, byPhase);
        // Each phase's output channel c takes bias c; the bias is added inside the convolution.
        NDArray phaseBias = bias == null ? null : bias.tile(s * s);
        NDArray z = conv2d(x, phases, phaseBias, taps - 1);   // (N, s²·C_out, H + taps − 1, W + taps − 1)
        Intermediates.close(phases, phaseBias);
        if (w != weight) {
            w.close();
        }
        long n = x.getShape().get(0);
        long hq = z.getShape().get(2);
        long wq = z.getShape().get(3);
        // Interleave: full-resolution index u = q·s + r, then output o = u − p.
        NDArray split = z.reshape(n, s, s, cout, hq, wq);
        NDArray interleaved = split.transpose(0, 3, 4, 1, 5, 2);
        NDArray full = interleaved.reshape(n, cout, hq * s, wq * s);   // a copy: the transpose is not contiguous
        Intermediates.close(z, split, interleaved);
        long height = (x.getShape().get(2) - 1) * s - 2L * padding + k + outputPadding;
        long width = (x.getShape().get(3) - 1) * s - 2L * padding + k + outputPadding;
        if (height == hq * s && width == wq * s) {
            return full;
        }
        NDArray y = full.get(new NDIndex(":, :, {}:{}, {}:{}", padding, padding + height, padding, padding + width));
        full.close();   // y is a view: it keeps the values alive
        return y;
    }

    /** conv2d with stride 1 and the same zero padding on every side (applied inside the convolution). */
    private static NDArray conv2d(NDArray x, NDArray kernel, NDArray bias, int pad) {
        Shape stride = new Shape(1, 1);
        Shape padding = new Shape(pad, pad);
        return Conv2d.conv2d(x, kernel, bias, stride, padding).singletonOrThrow();
    }

    /**
     * The textbook form: zero insertion, padding, and a stride-1 convolution with the flipped,
     * transposed kernel (see the class comment); the same values as {@link #apply}, with s² times the work.
     *
     * @param x the input, (N, C_in, H, W)
     * @param weight the kernel, (C_in, C_out, k, k) as in PyTorch
     * @param bias the bias, (C_out), or null
     * @param stride s ≥ 1
     * @param padding p, 0 ≤ p ≤ k − 1
     * @param outputPadding extra rows and columns at the bottom and right, 0 ≤ op &lt; s
     * @return the output
     */
    public static NDArray applyByZeroInsertion(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding) {
        int k = checkArguments(x, weight, stride, padding, outputPadding);
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

    /** Checks shapes and numbers; returns k. */
    private static int checkArguments(NDArray x, NDArray weight, int stride, int padding, int outputPadding) {
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
        return k;
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
