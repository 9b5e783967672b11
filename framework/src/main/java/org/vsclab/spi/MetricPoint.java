package org.vsclab.spi;

/**
 * One recorded value of a metric, as in MLflow's metric history.
 *
 * @param timestamp epoch milliseconds
 * @param value the value (NaN and infinities allowed)
 * @param step the step it was logged at
 */
public record MetricPoint(long timestamp, double value, long step) {}
