package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.stream.IntStream;
import org.vsclab.spi.GammaDraws;

/**
 * Gamma draws whose implicit-reparameterisation derivatives are computed on the host only when a
 * gradient is asked for, and only for the draws at hand (e.g. the one replayed sample of J), then
 * injected as sg(g) + sg(∂g/∂α)·(α − sg(α)), whose value is g and whose gradient is ∂g/∂α.
 */
public final class ImplicitGammaDraws implements GammaDraws {

    private final NDArray draws;
    private final boolean differentiable;

    /**
     * Wraps draws.
     *
     * @param draws g, (B, J, K)
     * @param differentiable whether {@link #reparameterised} attaches the gradient
     */
    public ImplicitGammaDraws(NDArray draws, boolean differentiable) {
        this.draws = draws;
        this.differentiable = differentiable;
    }

    @Override
    public NDArray draws() {
        return draws;
    }

    @Override
    public NDArray reparameterised(NDArray alpha) {
        if (!differentiable) {
            return draws;
        }
        // (Always attached when asked: DJL's hasGradient() is false for any array computed from a parameter.)
        NDArray a = alpha.expandDims(1);
        return draws.add(shapeDerivatives(alpha).mul(a.sub(a.stopGradient())));
    }

    /** Returns ∂g/∂α for every draw, (B, J, K), computed row by row in parallel. */
    private NDArray shapeDerivatives(NDArray alpha) {
        int rows = (int) draws.getShape().get(0);
        int samples = (int) draws.getShape().get(1);
        int cols = (int) draws.getShape().get(2);
        float[] g = draws.toType(DataType.FLOAT32, false).toFloatArray();
        float[] shapes = alpha.stopGradient().toType(DataType.FLOAT32, false).toFloatArray();
        float[] dg = new float[g.length];
        IntStream.range(0, rows).parallel().forEach(r -> {
            for (int j = 0; j < samples; j++) {
                for (int k = 0; k < cols; k++) {
                    int i = (r * samples + j) * cols + k;
                    dg[i] = (float) SpecialFunctions.gammaSampleShapeDerivative(g[i], shapes[r * cols + k]);
                }
            }
        });
        return draws.getManager().create(dg, draws.getShape()).toType(draws.getDataType(), false);
    }
}
