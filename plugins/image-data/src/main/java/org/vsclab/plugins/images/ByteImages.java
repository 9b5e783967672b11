package org.vsclab.plugins.images;

import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.vsclab.spi.Dataset;

/**
 * A split of 8-bit images held as bytes (a quarter of float32's memory) and scaled to [0, 1] when a
 * batch is copied, with one integer label per image. Reading is stateless, so batches may be copied
 * from any thread.
 */
public final class ByteImages implements Dataset {

    private final byte[] pixels;
    private final int[] labels;
    private final Shape shape;
    private final int dimension;
    private final int size;

    /**
     * Wraps the first {@code size} images (not copied).
     *
     * @param pixels C-order bytes, at least size × the element count of {@code shape}
     * @param labels at least size labels
     * @param shape one image's shape, e.g. (1, 28, 28)
     * @param size the number of images to expose
     */
    public ByteImages(byte[] pixels, int[] labels, Shape shape, int size) {
        this.pixels = pixels;
        this.labels = labels;
        this.shape = shape;
        this.dimension = Math.toIntExact(shape.size());
        this.size = size;
        if ((long) size * dimension > pixels.length || size > labels.length) {
            throw new IllegalArgumentException(size + " images of " + shape + " need " + ((long) size * dimension)
                    + " bytes and " + size + " labels; have " + pixels.length + " and " + labels.length);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Shape sampleShape() {
        return shape;
    }

    @Override
    public void copyRows(int[] rows, FloatBuffer out) {
        float[] row = new float[dimension];
        for (int r : rows) {
            int offset = r * dimension;
            for (int i = 0; i < dimension; i++) {
                row[i] = (pixels[offset + i] & 0xff) / 255f;
            }
            out.put(row);
        }
    }

    /**
     * Returns an image's label.
     *
     * @param row the image's index
     * @return its class
     */
    public int label(int row) {
        return labels[row];
    }
}
