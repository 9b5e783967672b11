package org.vsclab.run;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Tracker;
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
 * @param selections each component kind's chosen implementation name (e.g. prior → thresholded-laplacian)
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
        Map<String, String> selections,
        long seed,
        RunSettings run) {}
