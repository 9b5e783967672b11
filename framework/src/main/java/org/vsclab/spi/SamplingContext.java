package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What a {@link VariationalFamily} may use while sampling: the array manager, the run's random
 * streams, and the schedule position.
 *
 * <p>Families must draw <em>all</em> randomness through {@link #uniform}, {@link #normal} and {@link
 * #gamma}, as arrays of shape (B, J, …): this is what makes a run reproducible from its seed, lets
 * tests inject fixed noise, and lets the runtime replay the draws of the selected sample to
 * back-propagate through it alone.
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
     * Draws g ~ Gamma(α, 1) of shape (B, samples, K) for α of shape (B, K); {@link
     * GammaDraws#reparameterised} attaches the implicit gradient when the context is differentiable.
     *
     * @param alpha the shapes, (B, K)
     * @param samples J
     * @return the draws
     */
    GammaDraws gamma(NDArray alpha, int samples);

    /** Returns the schedule position; at evaluation, the end of the run. */
    TrainingClock clock();

    /**
     * Returns whether this is a training step; at evaluation families use their end-of-warm-up state
     * (warm-up factor 1, final temperature).
     */
    boolean training();

    /**
     * Returns whether the caller will back-propagate through these samples. When false (evaluation,
     * or the runtime's graph-free scoring of J samples) a family may skip gradient bookkeeping such
     * as a straight-through estimator's surrogate; the values must not change.
     */
    default boolean differentiable() {
        return training();
    }
}
