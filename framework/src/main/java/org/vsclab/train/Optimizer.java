package org.vsclab.train;

/** Updates trained parameters in place from their gradients, then clears the gradients. */
public interface Optimizer {

    /**
     * Takes one step.
     *
     * @param learningRate the rate for this step
     */
    void step(double learningRate);
}
