package org.vsclab.plugins.dnnmetrics;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;
import org.vsclab.train.Engines;

/**
 * {@code fid-fmnist}: after training, the Fréchet distance between the first test images and their
 * reconstructions in the 128 features of {@link FmnistClassifier}, the Fashion-MNIST classifier VSC
 * Lab trains itself — a number that is always available offline. It is <em>not</em> FID (no Inception
 * network is involved) and is recorded as {@code test/fid-fmnist} with the classifier's test accuracy
 * ({@code test/fid-fmnist_classifier_accuracy}) and {@code fid-fmnist.json}.
 */
public final class FidFmnistMetric implements Metric {

    private final FmnistClassifier classifier;
    private final int images;
    private final int batch;

    /**
     * Creates the metric.
     *
     * @param classifier the feature extractor
     * @param images how many test images (the first ones)
     * @param batch images per pass
     */
    public FidFmnistMetric(FmnistClassifier classifier, int images, int batch) {
        this.classifier = classifier;
        this.images = images;
        this.batch = batch;
    }

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Dataset test = context.data().validation();
        if (!test.sampleShape().equals(new Shape(1, 28, 28))) {
            throw new IllegalStateException("metrics.fid-fmnist needs 1×28×28 Fashion-MNIST images, not " + test.sampleShape());
        }
        int n = Math.min(images, test.size());
        double[] real = new double[n * 128];
        double[] fake = new double[n * 128];
        TestReconstructions.forEachBatch(context, n, batch, (from, x, codes, reconstructions) -> {
            float[] r = Engines.withoutGradients(() -> classifier.features(x)).toType(DataType.FLOAT32, false).toFloatArray();
            float[] f = Engines.withoutGradients(() -> classifier.features(reconstructions)).toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < r.length; i++) {
                real[from * 128 + i] = r[i];
                fake[from * 128 + i] = f[i];
            }
        });
        INDArray a = Nd4j.create(real, new long[] {n, 128}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray b = Nd4j.create(fake, new long[] {n, 128}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double distance = FrechetDistance.ofFeatures(a, b);
        sink.scalar("test/fid-fmnist", distance);
        sink.scalar("test/fid-fmnist_classifier_accuracy", classifier.accuracy());
        sink.artifact("fid-fmnist.json", String.format(Locale.ROOT, "{\"label\": \"fid-fmnist: Fréchet distance of test images and"
                + " reconstructions in VSC Lab's own Fashion-MNIST classifier (not FID)\", \"images\": %d, \"features\": 128,"
                + " \"classifier_version\": %d, \"classifier_test_accuracy\": %.6f, \"value\": %s}%n", n, FmnistClassifier.VERSION,
                classifier.accuracy(), Double.toString(distance)).getBytes(StandardCharsets.UTF_8));
    }
}
