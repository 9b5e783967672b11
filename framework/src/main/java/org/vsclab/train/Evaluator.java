package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Evaluation;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.TrainingClock;

/**
 * Evaluates a model on a split in evaluation state (no gradients, warm-ups at their end), with the
 * model's J and selector, in fixed-order batches read ahead on a background thread. Its random streams
 * come from the run's seed and the epoch, so an evaluation gives the same numbers whenever it is made.
 */
public final class Evaluator {

    private final NDManager manager;
    private final int batchSize;
    private final long seed;
    private final StopSignal stop;

    /**
     * Creates an evaluator.
     *
     * @param manager owner of temporary arrays
     * @param batchSize rows per batch
     * @param seed the run's seed
     * @param stop checked after every batch
     */
    public Evaluator(NDManager manager, int batchSize, long seed, StopSignal stop) {
        this.manager = manager;
        this.batchSize = batchSize;
        this.seed = seed;
        this.stop = stop;
    }

    /**
     * Evaluates.
     *
     * @param model the model (with the J to evaluate with)
     * @param data the split
     * @param clock the schedule position to report (evaluation ignores warm-ups); its epoch picks the
     *     random streams
     * @return per-datum means of the metrics and one selected code per datum
     */
    public Evaluation evaluate(SparseCodingModel model, Dataset data, TrainingClock clock) {
        int n = data.size();
        int[][] batches = new int[(n + batchSize - 1) / batchSize][];
        for (int b = 0; b < batches.length; b++) {
            int start = b * batchSize;
            batches[b] = new int[Math.min(n, start + batchSize) - start];
            for (int i = 0; i < batches[b].length; i++) {
                batches[b][i] = start + i;
            }
        }
        RandomStreams.seedEngine(seed, RandomStreams.Stream.EVALUATION, clock.epoch());
        SplittableRandom host = RandomStreams.random(seed, RandomStreams.Stream.EVALUATION, clock.epoch());
        Map<String, Double> sums = new LinkedHashMap<>();
        double[] codes = null;
        int latents = 0;
        try (BatchQueue queue = new BatchQueue(data, batches, null)) {
            for (int[] rows : batches) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    EngineSamplingContext context = new EngineSamplingContext(manager, clock, false, host.split());
                    NDArray x = Batches.toArray(data, queue.next(), rows.length, manager);
                    ForwardPass pass = model.forward(x, context);
                    int count = rows.length;
                    pass.metrics().forEach((k, v) -> sums.merge(k, v * count, Double::sum));
                    NDArray selected = pass.drawSelectedCodes(context);
                    if (codes == null) {
                        latents = (int) selected.getShape().get(1);
                        codes = new double[n * latents];
                    }
                    double[] batchCodes = selected.toType(DataType.FLOAT64, false).toDoubleArray();
                    System.arraycopy(batchCodes, 0, codes, rows[0] * latents, batchCodes.length);
                }
                stop.check();
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / n));
        return new Evaluation(means, new Matrix(n, latents, codes == null ? new double[0] : codes));
    }
}
