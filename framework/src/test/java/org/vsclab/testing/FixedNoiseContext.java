package org.vsclab.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.vsclab.family.GammaSampler;
import org.vsclab.spi.GammaDraws;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;

/**
 * A {@link SamplingContext} for tests: hands out queued arrays for {@link #uniform}/{@link #normal}
 * (so a test can fix the noise exactly), and falls back to the engine's generator when the queue is
 * empty.
 */
public final class FixedNoiseContext implements SamplingContext {

    private final NDManager manager;
    private final Deque<NDArray> uniforms = new ArrayDeque<>();
    private final Deque<NDArray> normals = new ArrayDeque<>();
    private TrainingClock clock = new TrainingClock(0, 1, 0);
    private boolean training = true;
    private SplittableRandom hostRandom = new SplittableRandom(0);

    /**
     * Creates a context.
     *
     * @param manager owner of new arrays
     */
    public FixedNoiseContext(NDManager manager) {
        this.manager = manager;
    }

    /** Queues the next array {@link #uniform} returns. */
    public FixedNoiseContext nextUniform(NDArray values) {
        uniforms.add(values);
        return this;
    }

    /** Queues the next array {@link #normal} returns. */
    public FixedNoiseContext nextNormal(NDArray values) {
        normals.add(values);
        return this;
    }

    /** Sets the clock. */
    public FixedNoiseContext at(TrainingClock clock) {
        this.clock = clock;
        return this;
    }

    /** Sets the seed of the host generator behind {@link #gamma}. */
    public FixedNoiseContext hostSeed(long seed) {
        this.hostRandom = new SplittableRandom(seed);
        return this;
    }

    @Override
    public GammaDraws gamma(NDArray alpha, int samples) {
        return GammaSampler.draws(manager, alpha, samples, hostRandom, differentiable());
    }

    /** Switches between training and evaluation state. */
    public FixedNoiseContext training(boolean training) {
        this.training = training;
        return this;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray uniform(Shape shape) {
        return take(uniforms, shape, true);
    }

    @Override
    public NDArray normal(Shape shape) {
        return take(normals, shape, false);
    }

    private NDArray take(Deque<NDArray> queue, Shape shape, boolean uniform) {
        if (queue.isEmpty()) {
            return uniform ? manager.randomUniform(0f, 1f, shape) : manager.randomNormal(shape);
        }
        NDArray next = queue.poll();
        if (!next.getShape().equals(shape)) {
            throw new IllegalStateException("queued noise has shape " + next.getShape() + " but " + shape + " was asked for");
        }
        return next;
    }

    @Override
    public TrainingClock clock() {
        return clock;
    }

    @Override
    public boolean training() {
        return training;
    }
}
