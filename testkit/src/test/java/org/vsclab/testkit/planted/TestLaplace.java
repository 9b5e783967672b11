package org.vsclab.testkit.planted;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.LocationScaleBase;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SamplingContext;

/** The framework's Laplace base, with every method open to override so that a planted mistake changes one. */
public class TestLaplace implements LocationScaleBase {

    /** b_p. */
    protected final double priorScale;
    /** The correct base every method delegates to. */
    protected final LaplaceBase laplace;

    /**
     * Creates the base.
     *
     * @param priorScale b_p
     */
    public TestLaplace(double priorScale) {
        this.priorScale = priorScale;
        this.laplace = new LaplaceBase(priorScale);
    }

    @Override
    public HeadSpec scaleHead() {
        return laplace.scaleHead();
    }

    @Override
    public NDArray scale(NDArray rawScale) {
        return laplace.scale(rawScale);
    }

    @Override
    public NDArray unitNoise(Shape shape, SamplingContext context) {
        return laplace.unitNoise(shape, context);
    }

    @Override
    public NDArray kl(NDArray loc, NDArray rawScale) {
        return laplace.kl(loc, rawScale);
    }

    @Override
    public NDArray tailProbability(NDArray lambda, NDArray scale) {
        return laplace.tailProbability(lambda, scale);
    }

    @Override
    public double calibrate(double nonZeroFraction) {
        return laplace.calibrate(nonZeroFraction);
    }

    @Override
    public double priorTailProbability(double lambda) {
        return laplace.priorTailProbability(lambda);
    }
}
