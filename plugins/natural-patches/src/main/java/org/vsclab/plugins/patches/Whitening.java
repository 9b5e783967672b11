package org.vsclab.plugins.patches;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The Olshausen–Field whitening filter (Olshausen &amp; Field 1997; the {@code make-your-own-images}
 * script of their sparsenet code): in the frequency domain, R(f) = f·exp(−(f/f₀)⁴), a ramp that
 * flattens the 1/f amplitude spectrum of natural images times a low-pass that removes the corners of
 * the spectrum, applied with zero phase. The DC component goes to 0, so each whitened image has zero
 * mean.
 *
 * <p>Frequencies are in cycles per pixel, so f₀ = 0.4 is the script's {@code f_0 = 0.4·N} (cycles per
 * picture) for an N × N image, and the filter means the same for any image size. The filter is
 * applied by FFT (Apache Commons Math, power-of-two lengths): an image whose sides are powers of two
 * is filtered circularly, exactly like the script; other images are first extended to the next powers
 * of two by mirroring (half the padding on each side, numpy's {@code mode="symmetric"}) and cropped
 * back, which keeps the circular wrap-around away from the image. A constant factor is irrelevant
 * (the patches are standardised later), so no global rescaling is applied.
 */
public final class Whitening {

    private final double cutoff;

    /**
     * Creates the filter.
     *
     * @param cutoff f₀ in cycles per pixel (0.4 in Olshausen's script); must be positive
     */
    public Whitening(double cutoff) {
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("whitening cutoff f0 must be positive, got " + cutoff);
        }
        this.cutoff = cutoff;
    }

    /**
     * Returns the filter's gain at a frequency.
     *
     * @param cyclesPerPixel |f|
     * @return f·exp(−(f/f₀)⁴)
     */
    public double gain(double cyclesPerPixel) {
        double r = cyclesPerPixel / cutoff;
        return cyclesPerPixel * Math.exp(-(r * r) * (r * r));
    }

    /**
     * Whitens an image.
     *
     * @param image the image
     * @return the whitened image, same name and shape
     */
    public GreyImage apply(GreyImage image) {
        int h = image.height();
        int w = image.width();
        int ph = nextPowerOfTwo(h);
        int pw = nextPowerOfTwo(w);
        int top = (ph - h) / 2;
        int left = (pw - w) / 2;
        double[][] re = new double[ph][pw];
        double[][] im = new double[ph][pw];
        for (int y = 0; y < ph; y++) {
            int sy = mirror(y - top, h);
            for (int x = 0; x < pw; x++) {
                re[y][x] = image.at(sy, mirror(x - left, w));
            }
        }
        transform2d(re, im, TransformType.FORWARD);
        for (int y = 0; y < ph; y++) {
            double fy = frequency(y, ph);
            for (int x = 0; x < pw; x++) {
                double fx = frequency(x, pw);
                double g = gain(Math.sqrt(fx * fx + fy * fy));
                re[y][x] *= g;
                im[y][x] *= g;
            }
        }
        transform2d(re, im, TransformType.INVERSE);
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) re[y + top][x + left];
            }
        }
        return image.withPixels(out);
    }

    /** The signed frequency of DFT bin k of n, in cycles per sample: k/n below n/2, (k − n)/n from n/2 on. */
    static double frequency(int k, int n) {
        return (k < n / 2 ? k : k - n) / (double) n;
    }

    /** Mirrors an index into [0, n): ... 1 0 | 0 1 ... n−1 | n−1 n−2 ... (whole-sample symmetric). */
    static int mirror(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    static int nextPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** In-place 2-D DFT (inverse scaled by 1/(rows·cols)): rows, then columns. */
    private static void transform2d(double[][] re, double[][] im, TransformType type) {
        int rows = re.length;
        int cols = re[0].length;
        for (int y = 0; y < rows; y++) {
            FastFourierTransformer.transformInPlace(new double[][] {re[y], im[y]}, DftNormalization.STANDARD, type);
        }
        double[][] column = new double[2][rows];
        for (int x = 0; x < cols; x++) {
            for (int y = 0; y < rows; y++) {
                column[0][y] = re[y][x];
                column[1][y] = im[y][x];
            }
            FastFourierTransformer.transformInPlace(column, DftNormalization.STANDARD, type);
            for (int y = 0; y < rows; y++) {
                re[y][x] = column[0][y];
                im[y][x] = column[1][y];
            }
        }
    }

    @Override
    public String toString() {
        return "Olshausen–Field f·exp(−(f/" + cutoff + ")⁴)";
    }
}
