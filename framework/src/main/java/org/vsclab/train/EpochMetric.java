package org.vsclab.train;

import java.util.Map;

/** A metric computed from the model once per epoch, outside the training graph (e.g. atoms recovered). */
@FunctionalInterface
public interface EpochMetric {

    /**
     * Computes the metric.
     *
     * @param model the model after the epoch
     * @return metric name to value
     */
    Map<String, Double> compute(SparseCodingModel model);
}
