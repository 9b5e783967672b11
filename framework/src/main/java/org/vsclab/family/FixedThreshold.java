package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/** A fixed threshold λ (set directly or calibrated): no heads, no KL. */
public final class FixedThreshold implements Threshold {

    private final double lambda;

    /**
     * Creates the threshold.
     *
     * @param lambda λ ≥ 0
     */
    public FixedThreshold(double lambda) {
        this.lambda = lambda;
    }

    @Override
    public List<HeadSpec> heads() {
        return List.of();
    }

    @Override
    public Draw draw(Heads heads, Shape shape, SamplingContext context) {
        return new Draw(Scalars.of(context.manager(), lambda, DataType.FLOAT32), null, Map.of());
    }

    @Override
    public NDArray zeroProbability(Heads heads, NDArray scale, LocationScaleBase base, SamplingContext context) {
        NDArray l = Scalars.of(context.manager(), lambda, DataType.FLOAT32);
        return Scalars.minus(base.tailProbability(l, scale), 1).neg();
    }

    @Override
    public double priorLambda() {
        return lambda;
    }
}
