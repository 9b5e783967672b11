package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.spi.Scalars;

/**
 * A location-scale posterior passed through the shifted soft threshold with a fixed λ (method.md
 * §4): u = μ + w·scale·ε with warm-up factor w, z = T_λ(u; μ), differentiated by the configured
 * {@link GradientEstimator}. The KL is the closed form between the base (pre-threshold)
 * distributions, as in the reference implementation (§3.3), so it does not depend on λ.
 */
public final class ThresholdedFamily implements VariationalFamily {

    private final LocationScaleBase base;
    private final double lambda;
    private final GradientEstimator estimator;
    private final Ramp noiseWarmup;
    private final List<HeadSpec> heads;

    /**
     * Creates the family.
     *
     * @param base the distribution-specific part
     * @param lambda the fixed threshold λ ≥ 0
     * @param estimator how gradients pass the threshold
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     */
    public ThresholdedFamily(LocationScaleBase base, double lambda, GradientEstimator estimator, Ramp noiseWarmup) {
        this.base = base;
        this.lambda = lambda;
        this.estimator = estimator;
        this.noiseWarmup = noiseWarmup;
        this.heads = List.of(new HeadSpec(HeadSpec.LOC, "location μ of the posterior"), base.scaleHead());
    }

    @Override
    public List<HeadSpec> heads() {
        return heads;
    }

    /** Returns the threshold λ. */
    public double lambda() {
        return lambda;
    }

    @Override
    public CodeSample sample(Heads h, int samples, SamplingContext context) {
        NDArray loc = h.get(HeadSpec.LOC);
        NDArray rawScale = h.get(base.scaleHead().name());
        Shape shape = new Shape(loc.getShape().get(0), samples, loc.getShape().get(1));
        double w = noiseWarmup.value(context);
        NDArray scale = base.scale(rawScale).expandDims(1);
        NDArray noise = base.unitNoise(shape, context).mul(scale);
        if (w != 1.0) {
            noise = Scalars.times(noise, w);
        }
        NDArray lambdaArray = Scalars.of(context.manager(), lambda, DataType.FLOAT32);
        NDArray codes = estimator.apply(new ShiftedSoftThreshold(loc.expandDims(1), noise, lambdaArray));
        NDArray kl = base.kl(loc, rawScale).expandDims(1);
        return new CodeSample(codes, kl, Map.of("scale", scale, "abs_loc", loc.abs()));
    }

    @Override
    public NDArray zeroProbability(Heads h, SamplingContext context) {
        NDArray scale = Scalars.times(base.scale(h.get(base.scaleHead().name())), noiseWarmup.value(context));
        NDArray lambdaArray = Scalars.of(context.manager(), lambda, DataType.FLOAT32);
        return Scalars.plus(base.tailProbability(lambdaArray, scale).neg(), 1);
    }

    @Override
    public double priorNonZeroFraction() {
        return base.priorTailProbability(lambda);
    }

    @Override
    public Map<String, String> derivedSettings() {
        return Map.of("lambda", Double.toString(lambda), "prior-nonzero-fraction", Double.toString(priorNonZeroFraction()));
    }
}
