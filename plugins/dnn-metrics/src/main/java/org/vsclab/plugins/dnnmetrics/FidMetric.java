package org.vsclab.plugins.dnnmetrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code fid}: after training, the Fréchet distance between the features of the first test images and
 * those of their reconstructions (method.md §16.10), in the feature space of a TorchScript extractor the
 * user supplies ({@code metrics.fid.model}; for the paper's number, torchvision's Inception-v3 made by
 * {@code scripts/make_inception_extractor.py}). Reconstructions are decoded from the max-ELBO code with
 * {@code evaluation.samples}, in evaluation mode. The correct covariance is over features
 * ({@code covariance = features}, key {@code test/fid_reconstructions}); {@code reference-per-image}
 * reproduces the reference's covariance over images (n × n; key
 * {@code test/fid_reconstructions_reference_per_image}), which the published values depend on. Even
 * with Inception weights these are not the standard TF-Inception FID; {@code fid.json} records the
 * extractor's SHA-256 and the settings with the label to report them under.
 */
public final class FidMetric implements Metric {

    /** The record of how the number was computed. */
    public static final String RECORD = "fid.json";

    private final TorchScriptFeatures extractor;
    private final String extractorName;
    private final int images;
    private final int batch;
    private final boolean perImage;

    /**
     * Creates the metric.
     *
     * @param extractor the feature extractor
     * @param extractorName its file, for the record
     * @param images how many test images (the first ones; the paper: 5,000)
     * @param batch how many images to pass through the model and the extractor at once
     * @param perImage whether to use the reference's covariance over images
     */
    public FidMetric(TorchScriptFeatures extractor, String extractorName, int images, int batch, boolean perImage) {
        this.extractor = extractor;
        this.extractorName = extractorName;
        this.images = images;
        this.batch = batch;
        this.perImage = perImage;
    }

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Dataset test = context.data().validation();
        int n = Math.min(images, test.size());
        if (n < 2) {
            throw new IllegalStateException("metrics.fid: needs at least 2 validation images, the split has " + test.size());
        }
        INDArray[] features = new INDArray[2];   // real, fake: rows stacked batch by batch
        TestReconstructions.forEachBatch(context, n, batch, (from, x, codes, reconstructions) -> {
            INDArray r = rows(extractor.features(x));
            INDArray f = rows(extractor.features(reconstructions));
            features[0] = features[0] == null ? r : Nd4j.vstack(features[0], r);
            features[1] = features[1] == null ? f : Nd4j.vstack(features[1], f);
        });
        INDArray real = features[0];
        INDArray fake = features[1];
        double fid = perImage
                ? FrechetDistance.between(perImageMoments(real), perImageMoments(fake))
                : FrechetDistance.ofFeatures(real, fake);
        String key = perImage ? "test/fid_reconstructions_reference_per_image" : "test/fid_reconstructions";
        sink.scalar(key, fid);
        String record = String.format(Locale.ROOT, "{\"label\": \"FID (user-supplied TorchScript extractor, reconstructions; %s covariance)\","
                + " \"key\": \"%s\", \"extractor\": \"%s\", \"extractor_sha256\": \"%s\", \"images\": %d, \"features\": %d,"
                + " \"evaluation_samples\": %d, \"value\": %s}%n", perImage ? "reference per-image" : "feature", key,
                extractorName.replace("\\", "\\\\").replace("\"", "\\\""), extractor.sha256(), n, real.columns(),
                context.evaluationSamples(), Double.toString(fid));
        sink.artifact(RECORD, record.getBytes(StandardCharsets.UTF_8));
    }

    private static INDArray rows(NDArray features) {
        float[] values = features.toType(DataType.FLOAT32, false).toFloatArray();
        long[] shape = features.getShape().getShape();
        return Nd4j.create(values, new long[] {shape[0], shape[1]}, 'c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    /**
     * The reference's statistics (method.md §16.10): the mean over images as usual, but the covariance
     * with images as the variables and features as the observations, (n × n).
     */
    static FrechetDistance.Moments perImageMoments(INDArray features) {
        INDArray mean = features.mean(0);
        INDArray centred = features.subColumnVector(features.mean(1).reshape(features.rows(), 1));
        INDArray covariance = centred.mmul(centred.transpose()).divi(features.columns() - 1);
        return new FrechetDistance.Moments(mean, covariance);
    }
}
