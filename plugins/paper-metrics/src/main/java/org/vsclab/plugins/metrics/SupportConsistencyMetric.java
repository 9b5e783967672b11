package org.vsclab.plugins.metrics;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;
import org.vsclab.io.Npy;
import org.vsclab.plugins.metrics.numerics.GradientSnr;
import org.vsclab.plugins.metrics.numerics.SupportConsistency;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code support-consistency}: how consistently repeated inference chooses a support, after training
 * (method.md §16.8, Fig. 5). Each of the first {@code patches} validation data is inferred
 * {@code repeats} times (J = the evaluation J, the run's selector); its score is the mean Jaccard
 * similarity of the supports over distinct pairs (or the reference's distance), over the atoms whose
 * norm exceeds 0.1 ({@code atom-filter = "norm>0.1"}) or all atoms ({@code none}). Scalars
 * {@code jaccard/mean}, {@code jaccard/median}; the per-datum scores as {@code jaccard.npy} for the
 * histogram.
 */
public final class SupportConsistencyMetric implements Metric {

    private final int repeats;
    private final int patches;
    private final SupportConsistency.Mode mode;
    private final boolean filterByNorm;

    /**
     * Creates the metric.
     *
     * @param repeats R (20)
     * @param patches how many validation data to score
     * @param mode similarity (default) or the reference's distance
     * @param filterByNorm whether only atoms with norm &gt; 0.1 count
     */
    public SupportConsistencyMetric(int repeats, int patches, SupportConsistency.Mode mode, boolean filterByNorm) {
        this.repeats = repeats;
        this.patches = patches;
        this.mode = mode;
        this.filterByNorm = filterByNorm;
    }

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        int n = Math.min(patches, context.data().validation().size());
        int samples = context.evaluationSamples();
        boolean[] keep = keep(context.model().generator().dictionary());
        double[] scores = new double[n];
        int[] latents = {0};
        ValidationBatches.forEach(context.data().validation(), n, context.batchSize(), context.manager(), (start, x) -> {
            int b = (int) x.getShape().get(0);
            float[][] runs = new float[repeats][];
            for (int r = 0; r < repeats; r++) {
                runs[r] = context.model().infer(x, samples, context.evaluationContext(false)).toType(DataType.FLOAT32, false)
                        .toFloatArray();
            }
            int k = runs[0].length / b;
            latents[0] = k;
            double[] one = new double[repeats * k];
            for (int i = 0; i < b; i++) {
                for (int r = 0; r < repeats; r++) {
                    for (int a = 0; a < k; a++) {
                        one[r * k + a] = runs[r][i * k + a];
                    }
                }
                scores[start + i] = SupportConsistency.score(one, repeats, k, keep, mode);
            }
        });
        GradientSnr.Summary s = GradientSnr.summarise(scores);
        sink.scalar("jaccard/mean", s.mean());
        sink.scalar("jaccard/median", s.median());
        sink.artifact("jaccard.npy", Npy.toBytes(scores, scores.length));
    }

    private boolean[] keep(Optional<Matrix> dictionary) {
        if (!filterByNorm || dictionary.isEmpty()) {
            return null;
        }
        Matrix phi = dictionary.get();
        boolean[] keep = new boolean[phi.cols()];
        for (int c = 0; c < keep.length; c++) {
            keep[c] = phi.columnNorm(c) > 0.1;
        }
        return keep;
    }
}
