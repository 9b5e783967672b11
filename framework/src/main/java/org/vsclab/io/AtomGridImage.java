package org.vsclab.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import javax.imageio.ImageIO;
import org.vsclab.spi.Matrix;

/**
 * Renders a dictionary's atoms as a grid of gray tiles in a PNG, the way the papers show learned
 * dictionaries.
 *
 * <ul>
 *   <li>Each column of the D×K dictionary is one atom, drawn as an h×w tile (row-major, like numpy's
 *       {@code atom.reshape(h, w)}): s×s if D is a perfect square, otherwise the factorisation
 *       h·w = D closest to square with h ≤ w (a prime D gives a 1×D strip).</li>
 *   <li>Atoms are sorted by Euclidean norm, largest first, filling the grid row by row from the top
 *       left; equal norms keep their column order.</li>
 *   <li>Each tile is scaled by its own largest |value|: 0 is mid-gray 128, +max is 255 (white),
 *       −max is 0 (black). An all-zero atom is uniform mid-gray; NaN values are drawn mid-gray.</li>
 *   <li>The grid has ⌈√K⌉ columns and ⌈K / columns⌉ rows. Tiles are framed by 1-pixel separators
 *       (also around the outside) in a dark blue-gray that cannot be mistaken for an atom value;
 *       unused grid cells have the same colour.</li>
 *   <li>The whole image is enlarged by {@code pixelScale} with nearest-neighbour sampling, so its
 *       size is (columns·(w+1)+1)·scale × (rows·(h+1)+1)·scale.</li>
 * </ul>
 *
 * <p>Only {@link BufferedImage} and {@link ImageIO} are used, so rendering works headless
 * ({@code java.awt.headless=true}).
 */
public final class AtomGridImage {

    /** RGB of separators and unused cells: dark and not gray, so never an atom value. */
    static final int SEPARATOR_RGB = 0x202040;

    /** Largest image, in pixels, this class will render (128 MB of raster). */
    static final long MAX_PIXELS = 1L << 25;

    private AtomGridImage() {
    }

    /**
     * Renders the atoms (columns) of {@code dictionary} as a PNG.
     *
     * @param dictionary a D×K dictionary, one atom per column; D and K at least 1
     * @param pixelScale how many image pixels each atom entry becomes along each axis, at least 1
     * @return the PNG file contents
     * @throws IllegalArgumentException if the dictionary is empty, the scale below 1, or the image
     *     would exceed {@value #MAX_PIXELS} pixels
     */
    public static byte[] png(Matrix dictionary, int pixelScale) {
        int d = dictionary.rows();
        int k = dictionary.cols();
        if (d < 1 || k < 1) {
            throw new IllegalArgumentException("cannot draw an empty dictionary of " + d + "×" + k + " (D×K)");
        }
        if (pixelScale < 1) {
            throw new IllegalArgumentException("pixelScale must be at least 1, got " + pixelScale);
        }
        int[] tile = tileShape(d);
        int tileH = tile[0];
        int tileW = tile[1];
        int gridCols = ceilSqrt(k);
        int gridRows = (k + gridCols - 1) / gridCols;
        long baseW = (long) gridCols * (tileW + 1) + 1;
        long baseH = (long) gridRows * (tileH + 1) + 1;
        long pixels = baseW * baseH * pixelScale * pixelScale;
        if (baseW * pixelScale > Integer.MAX_VALUE || baseH * pixelScale > Integer.MAX_VALUE || pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("a grid of " + k + " atoms of " + tileH + "×" + tileW + " at scale "
                    + pixelScale + " would be " + baseW * pixelScale + "×" + baseH * pixelScale
                    + " pixels, more than " + MAX_PIXELS + "; use a smaller pixelScale or fewer atoms");
        }
        int[] base = new int[(int) (baseW * baseH)];
        Arrays.fill(base, SEPARATOR_RGB);
        Integer[] order = byNormDescending(dictionary);
        for (int slot = 0; slot < k; slot++) {
            int x0 = 1 + (slot % gridCols) * (tileW + 1);
            int y0 = 1 + (slot / gridCols) * (tileH + 1);
            drawTile(dictionary.column(order[slot]), tileW, base, (int) baseW, x0, y0);
        }
        return encode(upscale(base, (int) baseW, (int) baseH, pixelScale));
    }

    /**
     * Returns {h, w} with h·w = d, h ≤ w and h as large as possible: s×s for a perfect square,
     * otherwise the factorisation closest to square.
     */
    static int[] tileShape(int d) {
        for (int h = (int) Math.sqrt(d) + 1; h >= 1; h--) {
            if ((long) h * h <= d && d % h == 0) {
                return new int[] {h, d / h};
            }
        }
        return new int[] {1, d};
    }

    /** Maps v to a gray level given the tile's largest |value|: 0 → 128, +max → 255, −max → 0. */
    static int gray(double v, double max) {
        if (!(max > 0) || Double.isNaN(v)) {
            return 128;
        }
        double t = Math.max(-1, Math.min(1, v / max));
        return (int) Math.round(t >= 0 ? 128 + 127 * t : 128 + 128 * t);
    }

    private static void drawTile(double[] atom, int tileW, int[] base, int baseW, int x0, int y0) {
        double max = 0;
        for (double v : atom) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        for (int i = 0; i < atom.length; i++) {
            int g = gray(atom[i], max);
            base[(y0 + i / tileW) * baseW + x0 + i % tileW] = (g << 16) | (g << 8) | g;
        }
    }

    /** Column indices sorted by norm, largest first; NaN norms go last; ties keep column order. */
    private static Integer[] byNormDescending(Matrix dictionary) {
        int k = dictionary.cols();
        double[] norms = new double[k];
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            double n = dictionary.columnNorm(c);
            norms[c] = Double.isNaN(n) ? Double.NEGATIVE_INFINITY : n;
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> norms[c]).reversed());
        return order;
    }

    private static BufferedImage upscale(int[] base, int baseW, int baseH, int scale) {
        int width = baseW * scale;
        BufferedImage image = new BufferedImage(width, baseH * scale, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < baseH; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = base[y * baseW + x / scale];
            }
            for (int dy = 0; dy < scale; dy++) {
                image.setRGB(0, y * scale + dy, width, 1, row, 0, width);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JRE has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    private static int ceilSqrt(int k) {
        int c = (int) Math.sqrt(k);
        while ((long) c * c < k) {
            c++;
        }
        while (c > 1 && (long) (c - 1) * (c - 1) >= k) {
            c--;
        }
        return c;
    }
}
