package org.vsclab.plugins.patches;

import java.util.Objects;

/**
 * One grey-scale image held in memory: row-major float32 intensities (photographs in [0, 1], or the
 * values of a MAT-file as stored).
 *
 * @param name what identifies it in messages and splits (a file's stem, or {@code IMAGES[3]})
 * @param height rows
 * @param width columns
 * @param pixels row-major, height × width
 */
public record GreyImage(String name, int height, int width, float[] pixels) {

    /** Validates the shape. */
    public GreyImage {
        Objects.requireNonNull(name, "name");
        if (height < 1 || width < 1 || (long) height * width != pixels.length) {
            throw new IllegalArgumentException("image " + name + ": " + height + "×" + width + " needs "
                    + ((long) height * width) + " pixels, got " + pixels.length);
        }
    }

    /** Returns the pixel at (row, column). */
    public float at(int row, int column) {
        return pixels[row * width + column];
    }

    /**
     * Returns a copy with other pixel values (same name and shape).
     *
     * @param values row-major, height × width
     * @return the new image
     */
    public GreyImage withPixels(float[] values) {
        return new GreyImage(name, height, width, values);
    }
}
