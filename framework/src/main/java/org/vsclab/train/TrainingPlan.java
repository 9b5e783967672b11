package org.vsclab.train;

/**
 * The shape of a run.
 *
 * @param epochs the number of epochs
 * @param stepsPerEpoch iterations per epoch (the tail batch is dropped)
 * @param batchSize B
 */
public record TrainingPlan(int epochs, int stepsPerEpoch, int batchSize) {

    /** Returns the total number of iterations. */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }
}
