package org.vsclab.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;

/** Bytecode for {@link GradientPathScanTest}: two arithmetic calls with constants, a comparison, and a library call. */
final class ScanFixture {

    private ScanFixture() {}

    static NDArray doubled(NDArray x) {
        return x.mul(2);
    }

    static NDArray shifted(NDArray x) {
        return NDArrays.add(x, 1);
    }

    static NDArray positive(NDArray x) {
        return x.gt(0);
    }

    static NDArray viaTheLibrary(NDArray x) {
        return Activation.relu6(x);   // DJL itself uses NDArrays.minimum(Number, …): not the plugin's code
    }

    static NDArray viaAHelper(NDArray x) {
        return Helper.halved(x);
    }

    /** Reached from the fixture, so scanned too. */
    static final class Helper {
        private Helper() {}

        static NDArray halved(NDArray x) {
            return x.div(2);
        }
    }
}
