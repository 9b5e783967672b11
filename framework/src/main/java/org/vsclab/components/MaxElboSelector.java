package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.vsclab.spi.SampleSelector;

/**
 * Max-ELBO selection (method.md §10): a detached one-hot weight on the sample with the lowest loss,
 * ties broken by the lowest index. Gradients flow only through the selected sample.
 */
public final class MaxElboSelector implements SampleSelector {

    @Override
    public NDArray weights(NDArray perSampleLoss) {
        long samples = perSampleLoss.getShape().get(1);
        return perSampleLoss.stopGradient().argMin(1).oneHot((int) samples).toType(DataType.FLOAT32, false);
    }

    @Override
    public boolean selectsOne() {
        return true;
    }
}
