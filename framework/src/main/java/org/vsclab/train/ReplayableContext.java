package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.spi.GammaDraws;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;

/**
 * A sampling context that records every draw, so that the draws of one selected sample per datum can
 * be replayed: {@link #replay(NDArray)} gives a context whose draws of shape (B, 1, …) are the recorded
 * (B, J, …) draws at the selected j. A family sampled again with it reproduces exactly the selected
 * codes, now with a gradient graph one sample wide.
 */
final class ReplayableContext implements SamplingContext {

    private final SamplingContext delegate;
    private final List<Object> draws = new ArrayList<>();

    ReplayableContext(SamplingContext delegate) {
        this.delegate = delegate;
    }

    @Override
    public NDManager manager() {
        return delegate.manager();
    }

    @Override
    public NDArray uniform(Shape shape) {
        return record(delegate.uniform(shape));
    }

    @Override
    public NDArray normal(Shape shape) {
        return record(delegate.normal(shape));
    }

    @Override
    public GammaDraws gamma(NDArray alpha, int samples) {
        GammaDraws g = delegate.gamma(alpha, samples);
        draws.add(g);
        return g;
    }

    private NDArray record(NDArray draw) {
        draws.add(draw);
        return draw;
    }

    @Override
    public TrainingClock clock() {
        return delegate.clock();
    }

    @Override
    public boolean training() {
        return delegate.training();
    }

    /** The recorded pass only scores the J samples: nothing back-propagates through it. */
    @Override
    public boolean differentiable() {
        return false;
    }

    /**
     * Returns a context that replays the recorded draws at the selected samples.
     *
     * @param selection one-hot weights, (B, J)
     * @return the replaying context
     */
    SamplingContext replay(NDArray selection) {
        return new Replay(selection);
    }

    /** Replays the recorded draws, in order, narrowed to the selected sample. */
    private final class Replay implements SamplingContext {
        private final NDArray selection;
        private int next;

        Replay(NDArray selection) {
            this.selection = selection;
        }

        private Object take(Class<?> type) {
            if (next >= draws.size() || !type.isInstance(draws.get(next))) {
                throw new IllegalStateException("the family drew differently when replayed (draw " + next
                        + "): families must draw all randomness from the context, in a fixed order");
            }
            return draws.get(next++);
        }

        private NDArray narrow(NDArray recorded, Shape shape) {
            if (recorded.getShape().equals(shape)) {
                return recorded;
            }
            NDArray weights = selection.reshape(selection.getShape().addAll(new Shape(recorded.getShape().dimension() - 2 > 0
                    ? repeatOnes(recorded.getShape().dimension() - 2) : new long[0])));
            NDArray narrowed = recorded.mul(weights.toType(recorded.getDataType(), false)).sum(new int[] {1}, true);
            if (!narrowed.getShape().equals(shape)) {
                throw new IllegalStateException("replayed draw has shape " + narrowed.getShape() + ", asked for " + shape);
            }
            return narrowed;
        }

        private long[] repeatOnes(int n) {
            long[] ones = new long[n];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }

        @Override
        public NDManager manager() {
            return delegate.manager();
        }

        @Override
        public NDArray uniform(Shape shape) {
            return narrow((NDArray) take(NDArray.class), shape);
        }

        @Override
        public NDArray normal(Shape shape) {
            return narrow((NDArray) take(NDArray.class), shape);
        }

        @Override
        public GammaDraws gamma(NDArray alpha, int samples) {
            GammaDraws g = (GammaDraws) take(GammaDraws.class);
            Shape shape = new Shape(alpha.getShape().get(0), samples, alpha.getShape().get(1));
            return new GammaDraws(narrow(g.draws(), shape),
                    g.shapeDerivatives() == null ? null : narrow(g.shapeDerivatives(), shape));
        }

        @Override
        public TrainingClock clock() {
            return delegate.clock();
        }

        @Override
        public boolean training() {
            return delegate.training();
        }
    }
}
