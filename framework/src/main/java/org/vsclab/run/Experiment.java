package org.vsclab.run;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Tracker;
import org.vsclab.train.CheckpointPolicy;
import org.vsclab.train.LearningRateSchedule;
import org.vsclab.train.Optimizer;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.TrainingPlan;

/**
 * Everything a configuration names, built and validated, ready to train.
 *
 * @param config the resolved configuration
 * @param manager owner of the model's arrays (close it when done)
 * @param data the data source
 * @param model the assembled model
 * @param optimizer the optimiser of the trainable parameters
 * @param schedule the learning-rate schedule
 * @param plan epochs, steps per epoch, batch size
 * @param tracker where the run is recorded
 * @param built every component that was built, with where it came from
 * @param metrics the metrics of {@code evaluation.metrics}, in order
 * @param evaluationSamples J at evaluation
 * @param checkpoints when checkpoints are taken
 * @param seed the run's seed
 * @param run the validated tracking settings
 */
public record Experiment(
        ExperimentConfig config,
        NDManager manager,
        DataSource data,
        SparseCodingModel model,
        Optimizer optimizer,
        LearningRateSchedule schedule,
        TrainingPlan plan,
        Tracker tracker,
        BuildRecord built,
        List<MetricRunner.Selected> metrics,
        int evaluationSamples,
        CheckpointPolicy checkpoints,
        long seed,
        RunSettings run) {

    /** Copies the metric list. */
    public Experiment {
        metrics = List.copyOf(metrics);
    }
}
