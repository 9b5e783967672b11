package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Parameter initialisation with PyTorch's defaults (method.md §12.6), drawn from the run's seeded engine RNG. */
final class Initializers {

    private Initializers() {}

    /**
     * Draws U(−1/√fanIn, 1/√fanIn) values and attaches a gradient: PyTorch's default for Linear
     * weights and biases (Kaiming-uniform with a = √5).
     *
     * @param manager owner of the parameter
     * @param shape the parameter's shape
     * @param fanIn the layer's input width
     * @return the parameter
     */
    static NDArray uniformFanIn(NDManager manager, Shape shape, long fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        NDArray p = manager.randomUniform((float) -bound, (float) bound, shape);
        p.setRequiresGradient(true);
        return p;
    }
}
