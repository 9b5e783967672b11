package org.vsclab.train;

import java.util.List;
import org.vsclab.spi.Param;

/** Updates trained parameters in place from their gradients, then clears the gradients. */
public interface Optimizer {

    /**
     * Returns everything the optimiser's future steps depend on (momenta, moments, step count), as
     * live arrays that a checkpoint saves and restores in place.
     *
     * @return named arrays, in a fixed order
     */
    List<Param> state();

    /**
     * Takes one step.
     *
     * @param learningRate the rate for this step
     */
    void step(double learningRate);

    /**
     * Takes one step and says whether every updated parameter is known to be finite, so that the
     * trainer can skip its own check after the step (an optimiser whose update pass sees every value
     * checks them there). The default steps and answers false: unknown, check.
     *
     * @param learningRate the rate for this step
     * @return true only if every parameter value is finite after the step
     */
    default boolean stepFinite(double learningRate) {
        step(learningRate);
        return false;
    }
}
