package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;
import org.vsclab.spi.VariationalFamily;

/**
 * A plain location-scale posterior, z = μ + w·s·ε (method.md §4.6): the Gaussian VAE and the
 * Laplacian baselines. No exact zeros.
 */
public final class DenseFamily implements VariationalFamily {

    private final LocationScaleBase base;
    private final Ramp noiseWarmup;
    private final List<HeadSpec> heads;

    /**
     * Creates the family.
     *
     * @param base the distribution-specific part
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     */
    public DenseFamily(LocationScaleBase base, Ramp noiseWarmup) {
        this.base = base;
        this.noiseWarmup = noiseWarmup;
        this.heads = List.of(new HeadSpec(HeadSpec.LOC, "location μ of the posterior"), base.scaleHead());
    }

    @Override
    public List<HeadSpec> heads() {
        return heads;
    }

    @Override
    public CodeSample sample(Heads h, int samples, SamplingContext context) {
        NDArray loc = h.get(HeadSpec.LOC);
        NDArray rawScale = h.get(base.scaleHead().name());
        Shape shape = new Shape(loc.getShape().get(0), samples, loc.getShape().get(1));
        NDArray scale = Scalars.times(base.scale(rawScale), noiseWarmup.value(context)).expandDims(1);
        NDArray codes = loc.expandDims(1).add(base.unitNoise(shape, context).mul(scale));
        return new CodeSample(codes, base.kl(loc, rawScale).expandDims(1), Map.of("scale", scale));
    }

    @Override
    public NDArray zeroProbability(Heads h, SamplingContext context) {
        return h.get(HeadSpec.LOC).zerosLike();
    }

    @Override
    public double priorNonZeroFraction() {
        return 1;
    }
}
