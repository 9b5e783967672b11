package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.VariationalFamily;

/**
 * A plain location-scale posterior, z = μ + w·s·ε (method.md §4.6): the Gaussian VAE and the
 * Laplacian baselines. No exact zeros.
 */
public final class DenseFamily implements VariationalFamily {

    private final LocationScaleBase base;
    private final ScaledNoise noise;

    /**
     * Creates the family.
     *
     * @param base the distribution-specific part
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     */
    public DenseFamily(LocationScaleBase base, Ramp noiseWarmup) {
        this(base, noiseWarmup, ScaleBounds.NONE);
    }

    /**
     * Creates the family with a bounded scale head.
     *
     * @param base the distribution-specific part
     * @param noiseWarmup the factor w on the noise scale (constant 1 for none)
     * @param scaleBounds the bounds of the posterior's scale ({@link ScaleBounds#NONE}: the paper's link)
     */
    public DenseFamily(LocationScaleBase base, Ramp noiseWarmup, ScaleBounds scaleBounds) {
        this.base = base;
        this.noise = new ScaledNoise(base, noiseWarmup, scaleBounds);
    }

    @Override
    public List<HeadSpec> heads() {
        return noise.heads();
    }

    @Override
    public CodeSample sample(Heads h, int samples, SamplingContext context) {
        NDArray loc = h.get(HeadSpec.LOC);
        ScaledNoise.Draw draw = noise.draw(h, samples, context);
        NDArray codes = loc.expandDims(1).add(draw.noise());
        return new CodeSample(codes, base.kl(loc, noise.rawScale(h), context).expandDims(1), Map.of("scale", draw.scale()));
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
