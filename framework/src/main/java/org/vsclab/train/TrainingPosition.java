package org.vsclab.train;

import java.util.Map;

/**
 * Where training stands between two steps: what a checkpoint records and a resumed run starts from.
 *
 * @param step the number of steps taken (the next step's index)
 * @param epoch the epoch the next step belongs to
 * @param batch the index within that epoch of the next batch; equal to the steps per epoch when every
 *     batch of the epoch was taken but its end (validation, epoch metrics) was not reached
 * @param epochSums the sums of the step metrics over the batches of {@code epoch} taken so far (for the
 *     epoch's means)
 */
public record TrainingPosition(long step, int epoch, int batch, Map<String, Double> epochSums) {

    /** Copies the sums. */
    public TrainingPosition {
        epochSums = Map.copyOf(epochSums);
    }

    /** Returns the position before the first step. */
    public static TrainingPosition start() {
        return new TrainingPosition(0, 0, 0, Map.of());
    }
}
