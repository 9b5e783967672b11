package org.vsclab.spi;

import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * One split of a data set: a fixed number of samples of one shape, gathered by row. Batches may be
 * prepared on a background thread while the previous one trains, so {@link #copyRows} must be safe
 * to call from another thread than the one that created the dataset (never from two at once).
 */
public interface Dataset {

    /** Returns the number of samples. */
    int size();

    /** Returns the number of values D in each sample (the element count of {@link #sampleShape()}). */
    int dimension();

    /**
     * Returns the shape of one sample, e.g. (64) for a vector or (1, 28, 28) for a grey-scale image
     * (channels first); by default the flat (D).
     */
    default Shape sampleShape() {
        return new Shape(dimension());
    }

    /**
     * Copies the given rows, in order, into {@code out}: each sample's D values flattened in C order
     * (row-major, channels first), as float32.
     *
     * @param rows the sample indices
     * @param out receives rows.length × D values at its current position
     */
    void copyRows(int[] rows, FloatBuffer out);

    /**
     * Copies rows with a random augmentation (e.g. a horizontal flip of training images). The runtime
     * derives {@code augmentation} from the run's seed and the step, so the same seed gives the same
     * augmented batches, also after a resume. By default there is no augmentation.
     *
     * @param rows the sample indices
     * @param out receives rows.length × D values at its current position
     * @param augmentation the batch's own random stream
     */
    default void copyRows(int[] rows, FloatBuffer out, SplittableRandom augmentation) {
        copyRows(rows, out);
    }
}
