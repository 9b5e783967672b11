package org.vsclab.plugins.images;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.vsclab.spi.Dataset;

/**
 * A split of face images kept on disk as JPEG files and decoded only when a batch is copied, in a
 * bounded pool of background threads: a batch of 512 decodes on all the pool's threads at once, and
 * the data set never sits in memory (202,599 CelebA images would take 10 GB as float32). Each image
 * goes through {@link FaceCrop}; with augmentation, each is mirrored left to right with probability ½,
 * the coin flips drawn in row order from the batch's own random stream, so that the same seed gives
 * the same flips whatever the threads do. A file that is missing or not a decodable image fails the
 * copy with an {@link UncheckedIOException} whose message names the file.
 */
public final class JpegFaces implements Dataset {

    private static final Shape SHAPE = new Shape(3, FaceCrop.SIDE, FaceCrop.SIDE);

    private final List<Path> files;
    private final byte[][] attributes;
    private final boolean flip;
    private final ExecutorService pool;

    /**
     * Creates the split.
     *
     * @param files the images, in order
     * @param attributes per image, its binary attributes (1 present, 0 absent)
     * @param flip whether augmentation mirrors images
     * @param pool the decoding threads (shared by the splits; owned by the caller)
     */
    JpegFaces(List<Path> files, byte[][] attributes, boolean flip, ExecutorService pool) {
        this.files = List.copyOf(files);
        this.attributes = attributes;
        this.flip = flip;
        this.pool = pool;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int dimension() {
        return 3 * FaceCrop.SIDE * FaceCrop.SIDE;
    }

    @Override
    public Shape sampleShape() {
        return SHAPE;
    }

    @Override
    public void copyRows(int[] rows, FloatBuffer out) {
        decode(rows, new boolean[rows.length], out);
    }

    @Override
    public void copyRows(int[] rows, FloatBuffer out, SplittableRandom augmentation) {
        boolean[] mirror = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            mirror[i] = flip && augmentation.nextBoolean();
        }
        decode(rows, mirror, out);
    }

    private void decode(int[] rows, boolean[] mirror, FloatBuffer out) {
        List<Future<float[]>> images = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            Path file = files.get(rows[i]);
            boolean m = mirror[i];
            images.add(pool.submit(() -> read(file, m)));
        }
        try {
            for (Future<float[]> image : images) {
                out.put(image.get());
            }
        } catch (InterruptedException e) {
            images.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding a batch of images", e);
        } catch (ExecutionException e) {
            images.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            throw cause instanceof UncheckedIOException u ? u : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * Decodes and preprocesses one file.
     *
     * @param file the JPEG
     * @param mirror whether to flip it
     * @return its 3·64·64 values
     * @throws UncheckedIOException naming the file if it is missing, not an image, or too small
     */
    static float[] read(Path file, boolean mirror) {
        BufferedImage image;
        try {
            image = ImageIO.read(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(new ImageDataException(file + ": no such file"));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new ImageDataException(file + ": not a readable JPEG (" + e.getMessage()
                    + "); replace it with the data set's original file", e));
        }
        if (image == null) {
            throw new UncheckedIOException(new ImageDataException(file + ": not an image file (no decoder recognises it);"
                    + " replace it with the data set's original JPEG"));
        }
        try {
            return FaceCrop.apply(image, mirror);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new ImageDataException(file + ": " + e.getMessage() + "; CelebA's aligned images are 178×218"));
        }
    }

    /**
     * Returns an image's attributes.
     *
     * @param row the image's index
     * @return 1 where the attribute is present, 0 where absent, in the attribute file's order
     */
    public byte[] attributes(int row) {
        return attributes[row].clone();
    }

    /** Returns the image files, in order. */
    public List<Path> files() {
        return files;
    }
}
