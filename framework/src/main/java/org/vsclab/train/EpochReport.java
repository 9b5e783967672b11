package org.vsclab.train;

import java.util.Map;
import org.vsclab.spi.Evaluation;
import org.vsclab.spi.TrainingClock;

/**
 * What one epoch produced.
 *
 * @param clock the position at the end of the epoch
 * @param train means of the step metrics over the epoch
 * @param validation the model on the validation split
 * @param extra epoch-level metrics from {@link EpochMetric}s (e.g. dictionary recovery)
 * @param seconds the epoch's wall time, validation included
 */
public record EpochReport(
        TrainingClock clock, Map<String, Double> train, Evaluation validation, Map<String, Double> extra, double seconds) {}
