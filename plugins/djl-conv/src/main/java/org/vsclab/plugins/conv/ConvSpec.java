package org.vsclab.plugins.conv;

/**
 * One convolution (or transposed convolution) of an architecture: channels, square kernel, stride
 * and padding, as method.md §12 lists them.
 *
 * @param in input channels
 * @param out output channels
 * @param kernel k
 * @param stride s
 * @param padding p
 */
public record ConvSpec(int in, int out, int kernel, int stride, int padding) {

    /** Validates the numbers. */
    public ConvSpec {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("bad convolution " + in + "→" + out + " k" + kernel + " s" + stride + " p" + padding);
        }
    }

    /** Returns the output side of a convolution over an input of side n: ⌊(n + 2p − k)/s⌋ + 1. */
    public int convolvedSide(int n) {
        return (n + 2 * padding - kernel) / stride + 1;
    }

    /** Returns the output side of a transposed convolution over an input of side n: (n − 1)s − 2p + k. */
    public int transposedSide(int n) {
        return (n - 1) * stride - 2 * padding + kernel;
    }
}
