package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.Scalars;

/**
 * What the dense and the thresholded location-scale families share: the heads μ and the base's scale
 * head (through the {@link ScaleBounds}, if any), and the noise u − μ = w·s·ε with s the base's
 * scale, w the warm-up factor and ε the base's unit noise.
 */
final class ScaledNoise {

    private final LocationScaleBase base;
    private final Ramp warmup;
    private final ScaleBounds bounds;

    /**
     * @param base the distribution-specific part
     * @param warmup the factor w on the noise scale (constant 1 for none)
     * @param bounds the bounds of the scale head ({@link ScaleBounds#NONE} for the paper's link)
     */
    ScaledNoise(LocationScaleBase base, Ramp warmup, ScaleBounds bounds) {
        this.base = base;
        this.warmup = warmup;
        this.bounds = bounds;
    }

    /** Returns the location head, then the base's scale head. */
    List<HeadSpec> heads() {
        return List.of(new HeadSpec(HeadSpec.LOC, "location μ of the posterior"), base.scaleHead());
    }

    /** Returns the raw scale head of a batch, (B, K), bounded if the family bounds it: the KL and the noise both see this. */
    NDArray rawScale(Heads h) {
        return bounds.apply(h.get(base.scaleHead().name()), base);
    }

    /** Returns w·s, (B, K). */
    NDArray scale(Heads h, SamplingContext context) {
        return Scalars.times(base.scale(rawScale(h)), warmup.value(context));
    }

    /**
     * Draws the noise of J samples per datum.
     *
     * @param h the heads
     * @param samples J
     * @param context the source of ε
     * @return w·s as (B, 1, K) and w·s·ε as (B, J, K)
     */
    Draw draw(Heads h, int samples, SamplingContext context) {
        NDArray loc = h.get(HeadSpec.LOC);
        Shape shape = new Shape(loc.getShape().get(0), samples, loc.getShape().get(1));
        NDArray scale = scale(h, context).expandDims(1);
        return new Draw(scale, base.unitNoise(shape, context).mul(scale));
    }

    /**
     * Scaled noise.
     *
     * @param scale w·s, (B, 1, K)
     * @param noise w·s·ε, (B, J, K)
     */
    record Draw(NDArray scale, NDArray noise) {}
}
