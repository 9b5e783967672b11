package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.vsclab.family.GammaSampler;
import org.vsclab.spi.GammaDraws;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;

/** The runtime's {@link SamplingContext}: noise from the engine's seeded generator. */
public final class EngineSamplingContext implements SamplingContext {

    private final NDManager manager;
    private final TrainingClock clock;
    private final boolean training;
    private final boolean differentiable;
    private final SplittableRandom hostRandom;

    /**
     * Creates a context.
     *
     * @param manager owner of new arrays
     * @param clock the schedule position
     * @param training whether this is a training step
     * @param hostRandom the generator of host-side draws (Gamma) for this context (split from the run's)
     */
    public EngineSamplingContext(NDManager manager, TrainingClock clock, boolean training, SplittableRandom hostRandom) {
        this(manager, clock, training, training, hostRandom);
    }

    /**
     * Creates a context whose differentiability differs from its training state (e.g. gradient
     * statistics of a trained model: evaluation state, with gradients).
     *
     * @param manager owner of new arrays
     * @param clock the schedule position
     * @param training whether this is a training step (warm-ups at their scheduled value)
     * @param differentiable whether the caller back-propagates through the samples
     * @param hostRandom the generator of host-side draws (Gamma) for this context
     */
    public EngineSamplingContext(NDManager manager, TrainingClock clock, boolean training, boolean differentiable,
            SplittableRandom hostRandom) {
        this.manager = manager;
        this.clock = clock;
        this.training = training;
        this.differentiable = differentiable;
        this.hostRandom = hostRandom;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray uniform(Shape shape) {
        return manager.randomUniform(0f, 1f, shape);
    }

    @Override
    public NDArray normal(Shape shape) {
        return manager.randomNormal(shape);
    }

    @Override
    public GammaDraws gamma(NDArray alpha, int samples) {
        return GammaSampler.draws(manager, alpha, samples, hostRandom, differentiable());
    }

    @Override
    public TrainingClock clock() {
        return clock;
    }

    @Override
    public boolean training() {
        return training;
    }

    @Override
    public boolean differentiable() {
        return differentiable;
    }
}
