package org.vsclab.plugins.patches;

import java.util.Arrays;
import java.util.List;

/**
 * Every patch position of a list of images, numbered 0 … count − 1 image after image, row-major
 * within an image: a patch of size P at stride S has its top-left corner at (y·S, x·S) for
 * y ≤ (H − P)/S and x ≤ (W − P)/S. Positions are plain ints, so the 2.47 M patches of the paper's
 * data cost 10 MB as a list of positions instead of 2.5 GB as pixels; a patch is read from its image
 * only when it is used.
 */
public final class PatchPositions {

    private final List<GreyImage> images;
    private final int size;
    private final int stride;
    private final int[] columns;
    private final long[] offsets;

    /**
     * Numbers the positions.
     *
     * @param images the images (each at least size × size)
     * @param size P, the patch side
     * @param stride S ≥ 1
     * @throws IllegalArgumentException if an image is smaller than a patch or there are more than
     *     2³¹ − 1 positions
     */
    public PatchPositions(List<GreyImage> images, int size, int stride) {
        if (size < 1 || stride < 1) {
            throw new IllegalArgumentException("patch size and stride must be ≥ 1, got " + size + " and " + stride);
        }
        this.images = List.copyOf(images);
        this.size = size;
        this.stride = stride;
        this.columns = new int[images.size()];
        this.offsets = new long[images.size() + 1];
        for (int i = 0; i < images.size(); i++) {
            GreyImage image = images.get(i);
            if (image.height() < size || image.width() < size) {
                throw new IllegalArgumentException("image " + image.name() + " is " + image.height() + "×" + image.width()
                        + ", smaller than a " + size + "×" + size + " patch");
            }
            int rows = (image.height() - size) / stride + 1;
            columns[i] = (image.width() - size) / stride + 1;
            offsets[i + 1] = offsets[i] + (long) rows * columns[i];
        }
        if (offsets[images.size()] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(offsets[images.size()] + " patch positions are too many; use a larger stride");
        }
    }

    /** Returns the number of positions. */
    public int count() {
        return (int) offsets[images.size()];
    }

    /** Returns P. */
    public int size() {
        return size;
    }

    /** Returns the images. */
    public List<GreyImage> images() {
        return images;
    }

    /** Returns the number of positions in image {@code i}. */
    public int countIn(int image) {
        return (int) (offsets[image + 1] - offsets[image]);
    }

    /** Returns the first position of image {@code i}. */
    public int firstOf(int image) {
        return (int) offsets[image];
    }

    /** Returns the index of the image holding a position. */
    public int imageOf(int position) {
        // Offsets increase strictly (every image has a position): an exact hit is an image's first position.
        int i = Arrays.binarySearch(offsets, position);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * Copies one patch, row-major, into {@code out} at {@code offset}.
     *
     * @param position the position
     * @param out receives P² values
     * @param offset where the first goes
     */
    public void copy(int position, float[] out, int offset) {
        int i = imageOf(position);
        int local = position - (int) offsets[i];
        int top = (local / columns[i]) * stride;
        int left = (local % columns[i]) * stride;
        GreyImage image = images.get(i);
        float[] pixels = image.pixels();
        for (int u = 0; u < size; u++) {
            System.arraycopy(pixels, (top + u) * image.width() + left, out, offset + u * size, size);
        }
    }
}
