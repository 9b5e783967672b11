package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.TrainingClock;

/**
 * Evaluates a model on a split in evaluation state (no gradients, warm-ups at their end), with the
 * run's J and selector, in fixed-order batches.
 */
public final class Evaluator {

    private final NDManager manager;
    private final int batchSize;
    private final SplittableRandom hostRandom;
    private final StopSignal stop;

    /**
     * Creates an evaluator.
     *
     * @param manager owner of temporary arrays
     * @param batchSize rows per batch
     * @param hostRandom the source of the host generators handed to each batch's context
     * @param stop checked after every batch
     */
    public Evaluator(NDManager manager, int batchSize, SplittableRandom hostRandom, StopSignal stop) {
        this.manager = manager;
        this.batchSize = batchSize;
        this.hostRandom = hostRandom;
        this.stop = stop;
    }

    /**
     * Evaluates.
     *
     * @param model the model
     * @param data the split
     * @param clock the schedule position to report (evaluation ignores warm-ups)
     * @return per-datum means of the metrics and one selected code per datum
     */
    public Evaluation evaluate(SparseCodingModel model, Dataset data, TrainingClock clock) {
        int n = data.size();
        Map<String, Double> sums = new LinkedHashMap<>();
        double[] codes = null;
        int latents = 0;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = start + i;
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                EngineSamplingContext context = new EngineSamplingContext(manager, clock, false, hostRandom.split());
                NDArray x = Batches.gather(data, rows, manager);
                ForwardPass pass = model.forward(x, context);
                int count = rows.length;
                pass.metrics().forEach((k, v) -> sums.merge(k, v * count, Double::sum));
                NDArray selected = pass.drawSelectedCodes(context);
                if (codes == null) {
                    latents = (int) selected.getShape().get(1);
                    codes = new double[n * latents];
                }
                double[] batchCodes = selected.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(batchCodes, 0, codes, start * latents, batchCodes.length);
            }
            stop.check();
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / n));
        return new Evaluation(means, new Matrix(n, latents, codes == null ? new double[0] : codes));
    }
}
