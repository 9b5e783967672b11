package org.vsclab.components;

import org.vsclab.io.Npy;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code codes}: after the last epoch, one selected code per validation datum as the artifact
 * {@code val_codes.npy} (N × K, float32), the codes the last validation pass drew.
 */
public final class ValidationCodesMetric implements Metric {

    /** One selected code per validation datum, N × K float32. */
    public static final String VALIDATION_CODES = "val_codes.npy";

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        if (!context.last()) {
            return;
        }
        Matrix codes = context.validation().codes();
        float[] values = new float[codes.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) codes.data()[i];
        }
        sink.artifact(VALIDATION_CODES, Npy.toBytes(values, codes.rows(), codes.cols()));
    }
}
