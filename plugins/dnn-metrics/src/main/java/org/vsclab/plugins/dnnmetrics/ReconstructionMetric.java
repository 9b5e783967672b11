package org.vsclab.plugins.dnnmetrics;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code reconstruction}: after training, the test-set reconstruction error of the DNN studies
 * (method.md §16.9) on the validation split (the test set for {@code fmnist}): every image is coded
 * with {@code evaluation.samples} samples and the run's selector (max-ELBO), decoded in evaluation
 * mode, and compared with the image.
 * <ul>
 *   <li>{@code test/mse_per_pixel}: the mean of (x̂ − x)² over all pixels of all images (the correct
 *       definition, the default for comparisons);
 *   <li>{@code test/mse_sum_of_batch_means_b<B>}: the authors' number, the per-batch mean MSE summed
 *       over batches of B ({@code metrics.reconstruction.reference-batch}: 80 for Fashion-MNIST, 100 for
 *       CelebA), for comparison with method.md §17 (a partial last batch is dropped, as their loader did);
 *   <li>{@code test/nonzero_frac}: the fraction of non-zero code entries;
 *   <li>the artifact {@code reconstructions.png}: the first test images (top row of each pair) above
 *       their reconstructions.
 * </ul>
 */
public final class ReconstructionMetric implements Metric {

    /** The artifact with test images and their reconstructions. */
    public static final String GRID = "reconstructions.png";

    private final int referenceBatch;
    private final int images;
    private final int gridImages;
    private final int gridColumns;

    /**
     * Creates the metric.
     *
     * @param referenceBatch B of the authors' sum of batch means
     * @param images how many validation images to evaluate (the first ones), 0 for all
     * @param gridImages how many test images the PNG shows (0 for none)
     * @param gridColumns images per row of the PNG
     */
    public ReconstructionMetric(int referenceBatch, int images, int gridImages, int gridColumns) {
        this.referenceBatch = referenceBatch;
        this.images = images;
        this.gridImages = gridImages;
        this.gridColumns = gridColumns;
    }

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Dataset test = context.data().validation();
        Shape sample = test.sampleShape();
        int d = test.dimension();
        int batches = (images == 0 ? test.size() : Math.min(images, test.size())) / referenceBatch;
        int n = batches * referenceBatch;
        double[] sums = new double[2];   // squared errors; the authors' sum of batch means
        long[] counts = new long[2];     // non-zero codes; code entries
        float[][] originals = new float[Math.min(gridImages, n)][];
        float[][] decoded = new float[originals.length][];
        TestReconstructions.forEachBatch(context, n, referenceBatch, (first, x, codes, reconstructions) -> {
            double batchSquares = reconstructions.sub(x).toType(DataType.FLOAT64, false).square().sum().getDouble();
            sums[0] += batchSquares;
            sums[1] += batchSquares / ((double) referenceBatch * d);
            counts[0] += codes.neq(0).toType(DataType.INT64, false).sum().getLong();
            counts[1] += codes.size();
            if (first < originals.length) {
                float[] xs = x.toFloatArray();
                float[] rs = reconstructions.toFloatArray();
                for (int i = first; i < Math.min(originals.length, first + referenceBatch); i++) {
                    int offset = (i - first) * d;
                    originals[i] = java.util.Arrays.copyOfRange(xs, offset, offset + d);
                    decoded[i] = java.util.Arrays.copyOfRange(rs, offset, offset + d);
                }
            }
        });
        if (n == 0) {
            throw new IllegalStateException("metrics.reconstruction: the validation split has " + test.size()
                    + " samples, fewer than one batch of " + referenceBatch + " (metrics.reconstruction.reference-batch)");
        }
        sink.scalar("test/mse_per_pixel", sums[0] / ((double) n * d));
        sink.scalar(String.format(Locale.ROOT, "test/mse_sum_of_batch_means_b%d", referenceBatch), sums[1]);
        sink.scalar("test/nonzero_frac", (double) counts[0] / counts[1]);
        if (originals.length > 0 && sample.dimension() == 3) {
            sink.artifact(GRID, ImageGrid.png(pairs(originals, decoded), (int) sample.get(0), (int) sample.get(1), (int) sample.get(2),
                    sample.get(1) < 48 ? 3 : 2));
        }
    }

    /** Lays images out as row pairs: gridColumns originals, then their reconstructions below. */
    private float[][][] pairs(float[][] originals, float[][] decoded) {
        int rowPairs = (originals.length + gridColumns - 1) / gridColumns;
        float[][][] rows = new float[2 * rowPairs][][];
        for (int r = 0; r < rowPairs; r++) {
            int from = r * gridColumns;
            int to = Math.min(originals.length, from + gridColumns);
            rows[2 * r] = java.util.Arrays.copyOfRange(originals, from, to);
            rows[2 * r + 1] = java.util.Arrays.copyOfRange(decoded, from, to);
        }
        return rows;
    }
}
