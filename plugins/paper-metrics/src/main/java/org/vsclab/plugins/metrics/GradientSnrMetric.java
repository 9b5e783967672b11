package org.vsclab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vsclab.plugins.metrics.numerics.GradientSnr;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;
import org.vsclab.spi.TrainedModel;

/**
 * {@code gradient-snr}: the signal-to-noise ratio of the stochastic gradients of the trained model
 * (method.md §16.7, Fig. 4), after training. For each of the first {@code batches} validation batches,
 * {@code passes} stochastic passes each give the gradient of the training loss with respect to every
 * encoder parameter (the inference network) and the generator's update direction
 * G = Σ_b Σ_j w_bj (x_b − g(z_bj)) z_bjᵀ (for a linear generator; for a neural one, the gradient of its
 * parameters). Per element SNR = |mean| / (std + 1e-9); per batch its nanmean and median over
 * elements; then over batches:
 *
 * <ul>
 *   <li>{@code snr/encoder_mean}: the mean over batches of the per-batch nanmean (and {@code
 *       snr/generator_mean});
 *   <li>{@code snr/encoder_median}: the median over batches of the per-batch median;
 *   <li>{@code snr/encoder_mean_of_medians}, {@code snr/encoder_median_of_means}: the two mixed ones.
 * </ul>
 *
 * Passes use J = {@code samples} (the training J when null), max-ELBO as trained, and evaluation state
 * (warm-ups at 1). Models with nothing trained through the loss (FISTA) record nothing.
 */
public final class GradientSnrMetric implements Metric {

    private final int passes;
    private final int batches;
    private final Integer samples;

    /**
     * Creates the metric.
     *
     * @param passes stochastic passes per batch (1,000 in the paper)
     * @param batches validation batches to use
     * @param samples J of the passes, or null for the model's
     */
    public GradientSnrMetric(int passes, int batches, Integer samples) {
        this.passes = passes;
        this.batches = batches;
        this.samples = samples;
    }

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        TrainedModel model = context.model();
        if (model.encoder().parameters().isEmpty()) {
            return;
        }
        int j = samples != null ? samples : model.samples();
        int n = Math.min(context.data().validation().size(), batches * context.batchSize());
        List<GradientSnr.Summary> encoder = new ArrayList<>();
        List<GradientSnr.Summary> generator = new ArrayList<>();
        ValidationBatches.forEach(context.data().validation(), n, context.batchSize(), context.manager(), (start, x) -> {
            GradientSnr enc = null;
            GradientSnr gen = null;
            for (int p = 0; p < passes; p++) {
                TrainedModel.LossGradients g = model.lossGradients(x, j, context.evaluationContext(true));
                float[] e = encoderGradient(g.parameters());
                float[] d = generatorGradient(g);
                if (enc == null) {
                    enc = new GradientSnr(e.length);
                    gen = new GradientSnr(d.length);
                }
                enc.add(e);
                gen.add(d);
            }
            encoder.add(enc.summary());
            generator.add(gen.summary());
        });
        record("snr/encoder", encoder, sink);
        record("snr/generator", generator, sink);
    }

    private static void record(String prefix, List<GradientSnr.Summary> perBatch, MetricSink sink) {
        double[] means = perBatch.stream().mapToDouble(GradientSnr.Summary::mean).toArray();
        double[] medians = perBatch.stream().mapToDouble(GradientSnr.Summary::median).toArray();
        GradientSnr.Summary ofMeans = GradientSnr.summarise(means);
        GradientSnr.Summary ofMedians = GradientSnr.summarise(medians);
        sink.scalar(prefix + "_mean", ofMeans.mean());
        sink.scalar(prefix + "_median", ofMedians.median());
        sink.scalar(prefix + "_mean_of_medians", ofMedians.mean());
        sink.scalar(prefix + "_median_of_means", ofMeans.median());
    }

    /** Every encoder parameter's gradient, flattened and concatenated in name order. */
    private static float[] encoderGradient(Map<String, NDArray> gradients) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, NDArray> e : new java.util.TreeMap<>(gradients).entrySet()) {
            if (e.getKey().startsWith("encoder.")) {
                float[] v = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();
                parts.add(v);
                total += v.length;
            }
        }
        return concat(parts, total);
    }

    /** The generator's update direction: its parameters' gradients, or for a linear one Σ w (x − x̂) zᵀ. */
    private static float[] generatorGradient(TrainedModel.LossGradients g) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, NDArray> e : new java.util.TreeMap<>(g.parameters()).entrySet()) {
            if (e.getKey().startsWith("generator.")) {
                float[] v = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();
                parts.add(v);
                total += v.length;
            }
        }
        if (!parts.isEmpty()) {
            return concat(parts, total);
        }
        GeneratorStep step = g.step();
        NDArray codes = step.codes();                          // (B, J, K)
        long b = codes.getShape().get(0);
        long jj = codes.getShape().get(1);
        long k = codes.getShape().get(2);
        NDArray x = step.data().reshape(b, 1, -1);
        NDArray residual = x.sub(step.reconstructions().reshape(b, jj, -1)).mul(step.weights().expandDims(2));
        long d = residual.getShape().get(2);
        NDArray update = residual.reshape(b * jj, d).transpose().matMul(codes.reshape(b * jj, k));
        return update.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static float[] concat(List<float[]> parts, int total) {
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
