package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.vsclab.spi.LivePaths;
import org.vsclab.spi.NonDifferentiableStep;

/**
 * The shifted soft threshold of Fallah &amp; Rozell (method.md §4.3): with base sample u = μ + ε,
 * the code is 0 where |ε| ≤ |λ| and μ + sign(ε)(|ε| − |λ|) elsewhere, i.e. z = m·(μ + S_λ(ε)) with
 * support m = 1[|ε| &gt; |λ|]. The interval around μ collapses onto 0 and the tails meet at μ.
 *
 * <p>As a {@link NonDifferentiableStep} its surrogate is the base sample u, and its exact value keeps
 * the paths {@link LivePaths} asks for: with {@code PARAMETERS} the noise is detached but μ and λ stay
 * live (the authors' straight-through estimator, §5.1); with {@code ALL} every path is live (the
 * subgradient, §5.3).
 */
public final class ShiftedSoftThreshold implements NonDifferentiableStep {

    private final NDArray loc;
    private final NDArray noise;
    private final NDArray lambda;

    /**
     * Creates the step.
     *
     * @param loc μ, broadcastable to the noise's shape (e.g. (B, 1, K))
     * @param noise ε, the scaled noise, differentiable in the scale, shape (B, J, K)
     * @param lambda λ, broadcastable to the noise's shape (a scalar for a fixed threshold)
     */
    public ShiftedSoftThreshold(NDArray loc, NDArray noise, NDArray lambda) {
        this.loc = loc;
        this.noise = noise;
        this.lambda = lambda;
    }

    @Override
    public NDArray surrogate() {
        return loc.add(noise);
    }

    @Override
    public NDArray exact(LivePaths live) {
        NDArray eps = live == LivePaths.ALL ? noise : noise.stopGradient();
        NDArray mu = live == LivePaths.NONE ? loc.stopGradient() : loc;
        NDArray lam = live == LivePaths.NONE ? lambda.stopGradient() : lambda;
        NDArray absLambda = lam.abs();
        NDArray absEps = eps.abs();
        // (DJL's where() records no gradient, hence the product with the support indicator.)
        NDArray support = absEps.gt(absLambda.stopGradient()).toType(eps.getDataType(), false);
        NDArray shrunk = eps.sign().mul(Activation.relu(absEps.sub(absLambda)));
        return support.mul(mu.add(shrunk));
    }
}
