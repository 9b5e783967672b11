package org.vsclab.spi;

import ai.djl.ndarray.NDArray;

/**
 * Draws g ~ Gamma(α, 1) from a {@link SamplingContext}, with their implicit-reparameterisation
 * derivatives ∂g/∂α (both detached), so that a family attaches the gradient to its own α.
 *
 * @param draws g, shape (B, J, K)
 * @param shapeDerivatives ∂g/∂α, shape (B, J, K), or null where no gradient is needed (evaluation)
 */
public record GammaDraws(NDArray draws, NDArray shapeDerivatives) {

    /**
     * Returns the draws, differentiable in α: sg(g) + sg(∂g/∂α)·(α − sg(α)), whose value is g and
     * whose gradient with respect to α is ∂g/∂α.
     *
     * @param alpha the shapes the draws were made with, (B, K)
     * @return the reparameterised draws, (B, J, K)
     */
    public NDArray reparameterised(NDArray alpha) {
        if (shapeDerivatives == null) {
            return draws;
        }
        // (Attached unconditionally: DJL's hasGradient() is false for any array computed from a parameter.)
        NDArray a = alpha.expandDims(1);
        return draws.add(shapeDerivatives.mul(a.sub(a.stopGradient())));
    }
}
