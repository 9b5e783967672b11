package org.vsclab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.vsclab.io.Npy;
import org.vsclab.plugins.metrics.numerics.CodeStatistics;
import org.vsclab.plugins.metrics.numerics.MultiInformation;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;
import org.vsclab.spi.SamplingContext;

/**
 * The statistics of the validation codes (one selected code per validation datum): multi-information,
 * collapse and dictionary usage (method.md §13, §16.3–16.5). One class, three registered metrics
 * ({@link Kind}), so that a run lists the ones it wants.
 */
public final class CodeMetrics implements Metric {

    /** Which statistic. */
    public enum Kind {
        /** {@code codes/mi_bits}, {@code codes/mi_marginal_bits}, {@code codes/mi_joint_bits}. */
        MULTI_INFORMATION,
        /** {@code collapse/posterior_pct}, {@code collapse/coefficient_pct}. */
        COLLAPSE,
        /** {@code usage/unused_atoms}, {@code usage/mean_per_batch}; {@code usage.npy} (K) at the end. */
        USAGE
    }

    private final Kind kind;
    private final int every;
    private final MultiInformation multiInformation;
    private final double threshold;
    private final double fraction;

    /**
     * Creates one of the statistics.
     *
     * @param kind which
     * @param every compute after every this many epochs (and after the last)
     * @param edges multi-information: e of linspace(−2, 2, e) (20 linear, 30 DNN)
     * @param threshold collapse: the bound on the per-latent KL and on |z| (1e-2)
     * @param fraction collapse: the fraction of validation data it must hold for (0.95)
     */
    public CodeMetrics(Kind kind, int every, int edges, double threshold, double fraction) {
        this.kind = kind;
        this.every = every;
        this.multiInformation = new MultiInformation(edges);
        this.threshold = threshold;
        this.fraction = fraction;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        if (!ValidationBatches.due(context.clock().epoch(), every, context.last())) {
            return;
        }
        Matrix codes = context.validation().codes();
        switch (kind) {
            case MULTI_INFORMATION -> {
                MultiInformation.Result r = multiInformation.estimate(codes);
                sink.scalar("codes/mi_bits", r.bits());
                sink.scalar("codes/mi_marginal_bits", r.marginalBits());
                sink.scalar("codes/mi_joint_bits", r.jointBits());
            }
            case COLLAPSE -> {
                sink.scalar("collapse/coefficient_pct", 100 * CodeStatistics.collapsedFraction(codes, threshold, fraction));
                sink.scalar("collapse/posterior_pct", 100 * CodeStatistics.collapsedFraction(perLatentKl(context, codes.rows()),
                        threshold, fraction));
            }
            case USAGE -> {
                double[] usage = CodeStatistics.usagePerBatch(codes, context.batchSize());
                int unused = 0;
                double sum = 0;
                for (double u : usage) {
                    unused += u == 0 ? 1 : 0;
                    sum += u;
                }
                sink.scalar("usage/unused_atoms", unused);
                sink.scalar("usage/mean_per_batch", sum / usage.length);
                if (context.last()) {
                    sink.artifact("usage.npy", Npy.toBytes(usage, usage.length));
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /**
     * The per-latent KL of each validation datum (n × K), as the loss uses it: the family's KL term for
     * the encoder's heads, averaged over the J samples (it is the same for all J with a fixed prior).
     * For a learned threshold it includes the family's κ_Γ·KL_Γ.
     */
    private static Matrix perLatentKl(MetricContext context, int n) {
        int samples = context.evaluationSamples();
        double[][] rows = new double[1][];
        int[] latents = {0};
        ValidationBatches.forEach(context.data().validation(), n, context.batchSize(), context.manager(), (start, x) -> {
            SamplingContext sampling = context.evaluationContext(false);
            Heads heads = context.model().encoder().encode(x, false);
            CodeSample sample = context.model().family().sample(heads, samples, sampling);
            long batch = x.getShape().get(0);
            NDArray kl = sample.kl().mean(new int[] {1}).toType(DataType.FLOAT64, false);
            if (kl.getShape().get(0) != batch) {
                kl = kl.broadcast(new ai.djl.ndarray.types.Shape(batch, kl.getShape().get(1)));
            }
            int k = (int) kl.getShape().get(1);
            if (rows[0] == null) {
                rows[0] = new double[n * k];
                latents[0] = k;
            }
            double[] values = kl.toDoubleArray();
            System.arraycopy(values, 0, rows[0], start * k, values.length);
        });
        return new Matrix(n, latents[0], rows[0]);
    }
}
