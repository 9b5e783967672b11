package org.vsclab.spi;

import java.nio.FloatBuffer;

/** One split of a data set: a fixed number of samples of a fixed dimension, gathered by row. */
public interface Dataset {

    /** Returns the number of samples. */
    int size();

    /** Returns the dimension D of each sample. */
    int dimension();

    /**
     * Copies the given rows, in order, into {@code out} (row-major float32).
     *
     * @param rows the sample indices
     * @param out receives rows.length × D values at its current position
     */
    void copyRows(int[] rows, FloatBuffer out);
}
