package org.vsclab.testing;

import ai.djl.ndarray.NDManager;
import org.vsclab.train.Engines;

/** Test access to the training engine with the run-time settings (seeded, gradients off). */
public final class TestEngine {

    private TestEngine() {}

    /**
     * Returns a fresh manager on the CPU with the engine seeded.
     *
     * @param seed the seed
     * @return the manager (close it)
     */
    public static NDManager manager(long seed) {
        Engines.requestThreads(2);
        Engines.gradientsOffOnThisThread();
        Engines.seed(seed);
        return NDManager.newBaseManager();
    }
}
