package org.vsclab.train;

import java.util.Map;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Evaluation;
import org.vsclab.spi.TrainingClock;

/** Measurements made after each epoch's validation, outside the training graph (e.g. atoms recovered). */
@FunctionalInterface
public interface EpochMetric {

    /**
     * What an epoch's measurements may use.
     *
     * @param model the model after the epoch (with the evaluation J)
     * @param data the run's data
     * @param validation the epoch's validation pass
     * @param clock the position at the end of the epoch
     * @param last whether this is the last epoch
     */
    record Context(SparseCodingModel model, DataSource data, Evaluation validation, TrainingClock clock, boolean last) {}

    /**
     * Computes the metrics.
     *
     * @param context the model, data, validation pass and position
     * @return metric name to value
     */
    Map<String, Double> compute(Context context);
}
