package org.vsclab.plugins.dnnmetrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainedModel;

/** The first test images and the model's codes and reconstructions of them, batch by batch (what the reconstruction and FID metrics read). */
final class TestReconstructions {

    /** Receives one batch: the images, their codes (B, K) and reconstructions (as the images), valid during the call. */
    interface BatchConsumer {
        void accept(int from, NDArray images, NDArray codes, NDArray reconstructions);
    }

    private TestReconstructions() {}

    /**
     * Passes the first {@code n} validation images through the model in batches of {@code batch}.
     *
     * @param context the metric's context (model, data, evaluation J and sampling)
     * @param n how many images
     * @param batch images per pass
     * @param consumer called once per batch, with the index of its first image
     */
    static void forEachBatch(MetricContext context, int n, int batch, BatchConsumer consumer) {
        Dataset test = context.data().validation();
        TrainedModel model = context.model();
        SamplingContext sampling = context.evaluationContext(false);
        for (int from = 0; from < n; from += batch) {
            int[] rows = new int[Math.min(batch, n - from)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            FloatBuffer buffer = FloatBuffer.allocate(rows.length * test.dimension());
            test.copyRows(rows, buffer);
            buffer.flip();
            try (NDManager m = context.manager().newSubManager()) {
                NDArray x = m.create(buffer, new Shape(rows.length).addAll(test.sampleShape()));
                NDArray codes = model.infer(x, context.evaluationSamples(), sampling);
                NDArray reconstructions = model.generator().decode(codes, false).reshape(x.getShape());
                consumer.accept(from, x, codes, reconstructions);
            }
        }
    }
}
