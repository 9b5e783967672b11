package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What a {@link VariationalFamily} may use while sampling: the array manager, the run's random
 * streams, and the schedule position.
 *
 * <p>Families must draw <em>all</em> randomness through {@link #uniform} and {@link #normal}: this
 * is what makes a run reproducible from its seed, lets tests inject fixed noise, and lets the runtime
 * replay the noise of a selected sample.
 */
public interface SamplingContext {

    /** Returns the manager new arrays belong to (closed at the end of the step). */
    NDManager manager();

    /**
     * Draws i.i.d. U(0, 1) float32 values.
     *
     * @param shape the shape of the result
     * @return the draws
     */
    NDArray uniform(Shape shape);

    /**
     * Draws i.i.d. N(0, 1) float32 values.
     *
     * @param shape the shape of the result
     * @return the draws
     */
    NDArray normal(Shape shape);

    /**
     * Returns a seeded generator for sampling done on the host rather than in the engine (e.g.
     * rejection samplers such as the Gamma's); derived from the run's seed, fresh for each context.
     */
    java.util.SplittableRandom hostRandom();

    /** Returns the schedule position; at evaluation, the end of the run. */
    TrainingClock clock();

    /**
     * Returns whether this is a training step; at evaluation families use their end-of-warm-up state
     * (warm-up factor 1, final temperature).
     */
    boolean training();
}
