package org.vsclab.spi;

/**
 * A measurement of a model: scalars and artifacts (figures, arrays) computed outside the training
 * graph, after an epoch's validation or once after training. Metrics are components like priors:
 * plugins register them ({@code ComponentKind.METRIC}), a run lists the ones it wants in
 * {@code evaluation.metrics}, and each reads its settings from {@code metrics.<name>}.
 *
 * <p>A metric names its own keys, with MLflow's '/' grouping (e.g. {@code dict/norm_mean},
 * {@code val/multi_information_bits}); it must not change the model, and must draw all randomness
 * from the contexts {@link MetricContext} gives, so that its values are reproducible.
 */
public interface Metric {

    /** When a metric is computed. */
    enum When {
        /** After every epoch's validation, the last one included ({@link MetricContext#last()}). */
        EVERY_EPOCH,
        /** Once, after training ended normally: for measurements too costly to repeat every epoch. */
        AFTER_TRAINING
    }

    /** Returns when this metric is computed; every epoch by default. */
    default When when() {
        return When.EVERY_EPOCH;
    }

    /**
     * Computes the metric.
     *
     * @param context the model, the data, the epoch's validation pass, seeded sampling contexts
     * @param sink receives the scalars and artifacts
     */
    void compute(MetricContext context, MetricSink sink);
}
