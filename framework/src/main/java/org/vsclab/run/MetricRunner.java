package org.vsclab.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Evaluation;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.TrainedModel;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.EpochMetric;
import org.vsclab.train.RandomStreams;
import org.vsclab.train.SparseCodingModel;

/**
 * Runs a run's {@link Metric}s: the every-epoch ones after each validation (as the trainer's {@link
 * EpochMetric}), the after-training ones once at the end. Scalars are returned to be logged with the
 * epoch's metrics; artifacts go straight to the tracked run. Each metric gets its own random stream
 * (the run's seed, the metric's name, the epoch) and its own array scope.
 */
final class MetricRunner implements EpochMetric {

    /**
     * A metric as the run selected it.
     *
     * @param name its registered name
     * @param metric the metric
     */
    record Selected(String name, Metric metric) {}

    private final List<Selected> metrics;
    private final TrackedRun run;
    private final NDManager manager;
    private final long seed;
    private final int batchSize;

    MetricRunner(List<Selected> metrics, TrackedRun run, NDManager manager, long seed, int batchSize) {
        this.metrics = List.copyOf(metrics);
        this.run = run;
        this.manager = manager;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    @Override
    public Map<String, Double> compute(EpochMetric.Context context) {
        return run(Metric.When.EVERY_EPOCH, context.model(), context.data(), context.validation(), context.clock(),
                context.last());
    }

    /**
     * Runs the after-training metrics.
     *
     * @param model the trained model (with the evaluation J)
     * @param data the data
     * @param validation the last validation pass
     * @param clock the end of training
     * @return their scalars
     */
    Map<String, Double> afterTraining(SparseCodingModel model, DataSource data, Evaluation validation, TrainingClock clock) {
        return run(Metric.When.AFTER_TRAINING, model, data, validation, clock, true);
    }

    private Map<String, Double> run(Metric.When when, SparseCodingModel model, DataSource data, Evaluation validation,
            TrainingClock clock, boolean last) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Selected selected : metrics) {
            if (selected.metric().when() != when) {
                continue;
            }
            long stream = selected.name().hashCode() * 1_000_003L + clock.epoch();
            RandomStreams.seedEngine(seed, RandomStreams.Stream.METRIC, stream);
            Context context = new Context(model, data, validation, clock, last, stream);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                selected.metric().compute(context, new Sink(selected.name(), scalars));
            }
        }
        return scalars;
    }

    /** What each metric sees. */
    private final class Context implements MetricContext {
        private final SparseCodingModel model;
        private final DataSource data;
        private final Evaluation validation;
        private final TrainingClock clock;
        private final boolean last;
        private final long stream;
        private int contexts;

        Context(SparseCodingModel model, DataSource data, Evaluation validation, TrainingClock clock, boolean last,
                long stream) {
            this.model = model;
            this.data = data;
            this.validation = validation;
            this.clock = clock;
            this.last = last;
            this.stream = stream;
        }

        @Override
        public TrainedModel model() {
            return model;
        }

        @Override
        public DataSource data() {
            return data;
        }

        @Override
        public Evaluation validation() {
            return validation;
        }

        @Override
        public TrainingClock clock() {
            return clock;
        }

        @Override
        public boolean last() {
            return last;
        }

        @Override
        public int evaluationSamples() {
            return model.samples();
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public SamplingContext evaluationContext(boolean differentiable) {
            return new EngineSamplingContext(manager, clock, false, differentiable,
                    RandomStreams.random(seed, RandomStreams.Stream.METRIC, stream * 31 + contexts++));
        }
    }

    /** Collects a metric's scalars and forwards its artifacts to the run. */
    private final class Sink implements MetricSink {
        private final String metric;
        private final Map<String, Double> scalars;

        Sink(String metric, Map<String, Double> scalars) {
            this.metric = metric;
            this.scalars = scalars;
        }

        @Override
        public void scalar(String key, double value) {
            if (scalars.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("metric '" + metric + "' records '" + key + "', which another metric of"
                        + " this run already recorded; metric keys must be unique");
            }
        }

        @Override
        public void artifact(String relativePath, byte[] content) {
            run.logArtifact(relativePath, content);
        }

        @Override
        public void artifact(String relativePath, Path file) {
            run.logArtifact(relativePath, file);
        }
    }
}
