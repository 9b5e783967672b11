package org.vsclab.plugins.dnnmetrics;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A PNG of images with values in [0, 1] (grey-scale for one channel, RGB for three, channels first),
 * laid out in rows: e.g. test images on one row and their reconstructions on the row below. Images are
 * separated by a 2-pixel dark blue line and enlarged by an integer factor (nearest neighbour).
 */
public final class ImageGrid {

    static final int SEPARATOR_RGB = 0x202040;

    private ImageGrid() {}

    /**
     * Renders rows of images.
     *
     * @param rows rows[r][i] is the i-th image of row r: C·H·W values, channels first, in [0, 1] (clipped)
     * @param channels C, 1 or 3
     * @param height H
     * @param width W
     * @param scale the enlargement, ≥ 1
     * @return the PNG's bytes
     */
    public static byte[] png(float[][][] rows, int channels, int height, int width, int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, not " + channels);
        }
        int columns = 0;
        for (float[][] row : rows) {
            columns = Math.max(columns, row.length);
        }
        int gap = 2;
        int tileW = width * scale;
        int tileH = height * scale;
        BufferedImage image = new BufferedImage(gap + columns * (tileW + gap), gap + rows.length * (tileH + gap), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, SEPARATOR_RGB);
            }
        }
        int plane = height * width;
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < rows[r].length; i++) {
                float[] v = rows[r][i];
                int x0 = gap + i * (tileW + gap);
                int y0 = gap + r * (tileH + gap);
                for (int py = 0; py < height; py++) {
                    for (int px = 0; px < width; px++) {
                        int p = py * width + px;
                        int red = level(v[p]);
                        int rgb = channels == 1 ? red << 16 | red << 8 | red
                                : red << 16 | level(v[plane + p]) << 8 | level(v[2 * plane + p]);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                image.setRGB(x0 + px * scale + dx, y0 + py * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps [0, 1] to 0..255 (NaN to 0). */
    static int level(float value) {
        if (!(value > 0)) {
            return 0;
        }
        return value >= 1 ? 255 : Math.round(value * 255);
    }
}
