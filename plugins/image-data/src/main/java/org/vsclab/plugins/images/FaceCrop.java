package org.vsclab.plugins.images;

import java.awt.image.BufferedImage;

/**
 * CelebA's preprocessing (method.md §15.3): centre-crop to 140×140 and resize to 64×64 exactly as
 * torchvision's {@code CenterCrop(140)} and {@code Resize(64)} do on a PIL image — the crop box at
 * round((size − 140)/2), then PIL's bilinear resampling, which widens its triangle filter by the
 * downscaling factor (an antialiasing filter) and works in 8-bit fixed point, horizontally then
 * vertically, rounding to 8 bits between the passes — then channels first in [0, 1], optionally
 * mirrored left to right.
 */
public final class FaceCrop {

    /** The side of the centre crop. */
    public static final int CROP = 140;

    /** The side of the resized image. */
    public static final int SIDE = 64;

    /** PIL's fixed-point precision for 8-bit images (32 − 8 − 2 bits). */
    private static final int PRECISION_BITS = 22;

    private static final Coefficients COEFFICIENTS = Coefficients.of(CROP, SIDE);

    private FaceCrop() {}

    /**
     * Preprocesses one image.
     *
     * @param image an RGB (or grey) image at least 140 pixels on each side
     * @param mirror whether to flip it left to right
     * @return 3·64·64 values in [0, 1], channels first
     * @throws IllegalArgumentException if the image is smaller than the crop
     */
    public static float[] apply(BufferedImage image, boolean mirror) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < CROP || h < CROP) {
            throw new IllegalArgumentException("is " + w + "×" + h + ", smaller than the " + CROP + "×" + CROP + " centre crop");
        }
        int left = (int) Math.round((w - CROP) / 2.0);
        int top = (int) Math.round((h - CROP) / 2.0);
        int[] rgb = image.getRGB(left, top, CROP, CROP, null, 0, CROP);
        float[] out = new float[3 * SIDE * SIDE];
        int[] plane = new int[CROP * CROP];
        int[] horizontal = new int[CROP * SIDE];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (rgb[i] >> shift) & 0xff;
            }
            // Horizontal pass: CROP rows × SIDE columns.
            for (int y = 0; y < CROP; y++) {
                for (int x = 0; x < SIDE; x++) {
                    horizontal[y * SIDE + x] = COEFFICIENTS.resample(plane, y * CROP, 1, x);
                }
            }
            // Vertical pass: SIDE rows × SIDE columns.
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int value = COEFFICIENTS.resample(horizontal, x, SIDE, y);
                    int column = mirror ? SIDE - 1 - x : x;
                    out[c * SIDE * SIDE + y * SIDE + column] = value / 255f;
                }
            }
        }
        return out;
    }

    /**
     * PIL's resampling coefficients for one axis ({@code precompute_coeffs} and
     * {@code normalize_coeffs_8bpc} in its Resample.c): for each output index its first input index
     * and fixed-point weights.
     */
    private record Coefficients(int[] first, int[][] weights) {

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;                     // bilinear's support is 1
            int[] first = new int[outSize];
            int[][] weights = new int[outSize][];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double[] k = new double[xmax];
                double total = 0;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) / filterScale);
                    k[x] = t < 1 ? 1 - t : 0;
                    total += k[x];
                }
                int[] fixed = new int[xmax];
                for (int x = 0; x < xmax; x++) {
                    double v = total == 0 ? k[x] : k[x] / total;
                    fixed[x] = (int) (v < 0 ? v * (1 << PRECISION_BITS) - 0.5 : v * (1 << PRECISION_BITS) + 0.5);
                }
                first[xx] = xmin;
                weights[xx] = fixed;
            }
            return new Coefficients(first, weights);
        }

        /** Returns output index {@code index} of a line of {@code values} starting at {@code offset} with {@code stride}. */
        int resample(int[] values, int offset, int stride, int index) {
            int[] k = weights[index];
            int start = offset + first[index] * stride;
            long sum = 1L << (PRECISION_BITS - 1);
            for (int i = 0; i < k.length; i++) {
                sum += (long) values[start + i * stride] * k[i];
            }
            long v = sum >> PRECISION_BITS;
            return (int) Math.max(0, Math.min(255, v));
        }
    }
}
