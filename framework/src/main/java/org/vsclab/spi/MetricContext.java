package org.vsclab.spi;

import ai.djl.ndarray.NDManager;

/**
 * What a {@link Metric} may use: the model, the data, the validation pass the runtime just made, where
 * the run is, and seeded sampling contexts.
 */
public interface MetricContext {

    /** Returns the model. */
    TrainedModel model();

    /** Returns the run's data (both splits, and the ground truth of synthetic data). */
    DataSource data();

    /**
     * Returns the evaluation of the validation split that the runtime made for this epoch (with
     * {@link #evaluationSamples()} samples per datum): its means and one selected code per datum.
     */
    Evaluation validation();

    /** Returns where the run is: the step and epoch just completed. */
    TrainingClock clock();

    /** Returns whether this is the evaluation after the last epoch (always true after training). */
    boolean last();

    /** Returns J at evaluation ({@code evaluation.samples}; the training J unless set). */
    int evaluationSamples();

    /** Returns the validation batch size (the run's B). */
    int batchSize();

    /** Returns the manager temporary arrays should belong to (freed after the metric). */
    NDManager manager();

    /**
     * Returns a sampling context in evaluation state (warm-ups at their end) on a random stream of
     * its own, derived from the run's seed, the metric and the epoch: the same run gives the same draws.
     *
     * @param differentiable whether the caller will back-propagate through the samples (e.g. for
     *     gradient statistics through {@link TrainedModel#lossGradients})
     * @return the context
     */
    SamplingContext evaluationContext(boolean differentiable);
}
