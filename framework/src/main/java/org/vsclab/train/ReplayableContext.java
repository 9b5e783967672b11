package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.family.ImplicitGammaDraws;
import org.vsclab.kernels.HostRows;
import org.vsclab.kernels.HostViews;
import org.vsclab.spi.GammaDraws;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;

/**
 * A sampling context that records every draw (its kind, shape and values), so that the draws of one
 * selected sample per datum can be replayed: {@link #replay(NDArray)} gives a context whose draws of
 * shape (B, 1, …) are the recorded (B, J, …) draws at the selected j (gathered by index). A family sampled again with it
 * reproduces exactly the selected codes, now with a gradient graph one sample wide. The replay checks
 * that the family draws the same kinds and shapes in the same order and uses every draw.
 */
final class ReplayableContext implements SamplingContext {

    /** One recorded draw. */
    private record Draw(String kind, Shape shape, NDArray values) {}

    private final SamplingContext delegate;
    private final List<Draw> draws = new ArrayList<>();

    ReplayableContext(SamplingContext delegate) {
        this.delegate = delegate;
    }

    @Override
    public NDManager manager() {
        return delegate.manager();
    }

    @Override
    public NDArray uniform(Shape shape) {
        return record("uniform", shape, delegate.uniform(shape));
    }

    @Override
    public NDArray normal(Shape shape) {
        return record("normal", shape, delegate.normal(shape));
    }

    @Override
    public GammaDraws gamma(NDArray alpha, int samples) {
        NDArray g = delegate.gamma(alpha, samples).draws();
        record("gamma", g.getShape(), g);
        return new ImplicitGammaDraws(g, false);
    }

    private NDArray record(String kind, Shape shape, NDArray values) {
        draws.add(new Draw(kind, shape, values));
        return values;
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
     * @param selected the selected sample of each datum (B indices: the weights' hot entries)
     * @return the replaying context
     */
    Replay replay(NDArray selection, int[] selected) {
        return new Replay(selection, selected);
    }

    /** Replays the recorded draws, in order, narrowed to the selected sample. */
    final class Replay implements SamplingContext {
        private final NDArray selection;
        private final int[] selected;
        private int next;

        Replay(NDArray selection, int[] selected) {
            this.selection = selection;
            this.selected = selected;
        }

        private NDArray take(String kind, Shape shape) {
            if (next >= draws.size()) {
                throw divergence("draw " + next + " (" + kind + " " + shape + ") was not drawn in the scoring pass");
            }
            Draw d = draws.get(next++);
            if (!d.kind().equals(kind)) {
                throw divergence("draw " + (next - 1) + " is " + kind + " but was " + d.kind() + " in the scoring pass");
            }
            if (d.shape().equals(shape)) {
                return d.values();
            }
            long samples = selection.getShape().get(1);
            Shape expected = new Shape(d.shape().get(0), 1).addAll(d.shape().slice(2));
            if (!shape.equals(expected) || d.shape().get(1) != samples) {
                throw divergence("draw " + (next - 1) + " asks for " + shape + " but " + d.shape() + " was drawn for J = "
                        + samples);
            }
            NDArray values = d.values();
            if (values.getDataType() == DataType.FLOAT32 && HostViews.onHost(values)) {
                return HostRows.select(values, selected, true);
            }
            Shape weightShape = selection.getShape();
            for (int i = 2; i < d.shape().dimension(); i++) {
                weightShape = weightShape.add(1);
            }
            return values.mul(selection.reshape(weightShape).toType(values.getDataType(), false)).sum(new int[] {1}, true);
        }

        /** Fails unless every recorded draw was replayed. */
        void finish() {
            if (next != draws.size()) {
                throw divergence("the scoring pass made " + draws.size() + " draws, the replay used " + next);
            }
        }

        private IllegalStateException divergence(String what) {
            return new IllegalStateException("The family drew differently when its selected sample was replayed: " + what
                    + ". Families must draw all randomness from the SamplingContext, in the same order and with the same"
                    + " shapes (B, J, ...) whatever J and differentiable() are.");
        }

        @Override
        public NDManager manager() {
            return delegate.manager();
        }

        @Override
        public NDArray uniform(Shape shape) {
            return take("uniform", shape);
        }

        @Override
        public NDArray normal(Shape shape) {
            return take("normal", shape);
        }

        @Override
        public GammaDraws gamma(NDArray alpha, int samples) {
            Shape shape = new Shape(alpha.getShape().get(0), samples, alpha.getShape().get(1));
            return new ImplicitGammaDraws(take("gamma", shape), true);
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
