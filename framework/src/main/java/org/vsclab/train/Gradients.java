package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Access to a parameter's accumulated gradient. */
final class Gradients {

    private Gradients() {}

    /**
     * Clears a parameter's gradient in place (PyTorch accumulates gradients across backward passes).
     *
     * @param parameter the parameter
     */
    static void clear(NDArray parameter) {
        if (parameter instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            NDArray g = parameter.getGradient();
            g.subi(g);
        }
    }
}
