package org.vsclab.spi;

import java.util.List;

/** A component with arrays: those trained through the loss and those saved in checkpoints. */
public interface Trainable {

    /**
     * Returns the parameters the runtime's optimiser trains through the loss's gradient; each must
     * have a gradient attached. Empty for components with their own update rule.
     */
    List<Param> parameters();

    /** Returns everything a checkpoint must hold to restore this component (by default, the parameters). */
    default List<Param> state() {
        return parameters();
    }
}
