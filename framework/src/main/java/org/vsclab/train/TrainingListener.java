package org.vsclab.train;

/**
 * Sees every step and epoch of a run (tracking, progress, checkpoints); the trainer knows none of
 * them by name. A listener that throws stops the run.
 */
public interface TrainingListener {

    /**
     * Called once before the first step.
     *
     * @param plan the run's shape
     */
    default void onTrainingStart(TrainingPlan plan) {}

    /**
     * Called after every step.
     *
     * @param report the step's metrics
     */
    default void onStep(StepReport report) {}

    /**
     * Called after every epoch, after validation.
     *
     * @param report the epoch's metrics
     * @param model the model, for checkpoints
     */
    default void onEpochEnd(EpochReport report, SparseCodingModel model) {}
}
