package org.vsclab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Evaluation;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Param;
import org.vsclab.spi.TrainingClock;

/**
 * The training loop. Per step: the batch (read ahead on a background thread), the forward and
 * backward pass (method.md §3.3), a check that loss and gradients are finite, the optimiser step for
 * everything trained through the loss (no backward pass and no step when nothing is, as with FISTA
 * codes and a dictionary with its own rule), a check of the updated parameters, the generator's own update
 * with the codes drawn before the encoder update (§13) and a check of its state, then the listeners.
 * Per epoch: validation, epoch metrics, listeners, a checkpoint. All of a step's arrays are freed at
 * its end.
 *
 * <p>Every random stream is derived from the seed and the position ({@link RandomStreams}), and a
 * checkpoint holds every array the run's future depends on, so {@link #fit(DataSource,
 * TrainingPosition)} from a checkpoint continues exactly as the uninterrupted run would have.
 */
public final class Trainer {

    private final SparseCodingModel model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final long seed;
    private final int evaluationSamples;
    private final List<EpochMetric> epochMetrics;
    private final List<TrainingListener> listeners;
    private final StopSignal stop;
    private final CheckpointSink checkpoints;
    private final CheckpointPolicy checkpointPolicy;
    private long lastCheckpointNanos = System.nanoTime();

    private Trainer(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(b.schedule, "schedule");
        this.plan = Objects.requireNonNull(b.plan, "plan");
        this.manager = Objects.requireNonNull(b.manager, "manager");
        this.seed = b.seed;
        this.evaluationSamples = b.evaluationSamples > 0 ? b.evaluationSamples : model.samples();
        this.epochMetrics = List.copyOf(b.epochMetrics);
        this.listeners = List.copyOf(b.listeners);
        this.stop = b.stop;
        this.checkpoints = b.checkpoints;
        this.checkpointPolicy = b.checkpointPolicy;
    }

    /** Returns a builder: model, optimiser, schedule, plan and manager are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains for the planned number of epochs from the start.
     *
     * @param data the data
     * @return the last epoch's report
     * @throws NonFiniteValueException if a loss, gradient or parameter becomes NaN or infinite
     * @throws RunInterruptedException if a stop is requested (after checkpointing the position)
     */
    public EpochReport fit(DataSource data) {
        return fit(data, TrainingPosition.start());
    }

    /**
     * Trains from a position (a restored checkpoint's) to the end of the plan.
     *
     * @param data the data
     * @param from where to continue; the model and optimiser must hold the state saved there
     * @return the last epoch's report
     * @throws NonFiniteValueException if a loss, gradient or parameter becomes NaN or infinite
     * @throws RunInterruptedException if a stop is requested (after checkpointing the position)
     */
    public EpochReport fit(DataSource data, TrainingPosition from) {
        Engines.gradientsOffOnThisThread();
        Dataset train = data.train();
        Evaluator evaluator = new Evaluator(manager, plan.batchSize(), seed, stop);
        SparseCodingModel evaluated = model.withSamples(evaluationSamples);
        listeners.forEach(l -> l.onTrainingStart(plan));
        long step = from.step();
        EpochReport last = null;
        for (int epoch = from.epoch(); epoch < plan.epochs(); epoch++) {
            long started = System.nanoTime();
            boolean resumedEpoch = epoch == from.epoch();
            int firstBatch = resumedEpoch ? from.batch() : 0;
            Map<String, Double> sums = new LinkedHashMap<>(resumedEpoch ? from.epochSums() : Map.of());
            int[] order = Batches.permutation(train.size(), RandomStreams.random(seed, RandomStreams.Stream.ORDER, epoch));
            int[][] batches = new int[plan.stepsPerEpoch() - firstBatch][];
            for (int b = firstBatch; b < plan.stepsPerEpoch(); b++) {
                batches[b - firstBatch] = Batches.slice(order, b * plan.batchSize(), (b + 1) * plan.batchSize());
            }
            long firstStep = step;
            try (BatchQueue queue = new BatchQueue(train, batches,
                    i -> RandomStreams.random(seed, RandomStreams.Stream.AUGMENTATION, firstStep + i))) {
                for (int b = firstBatch; b < plan.stepsPerEpoch(); b++) {
                    TrainingClock clock = new TrainingClock(step, plan.totalSteps(), epoch);
                    Map<String, Double> metrics = step(train, queue.next(), batches[b - firstBatch].length, clock);
                    metrics.forEach((k, v) -> sums.merge(k, v, Double::sum));
                    StepReport report = new StepReport(clock, metrics);
                    listeners.forEach(l -> l.onStep(report));
                    step++;
                    // After the last batch the epoch's end (validation, epoch metrics) is still to come.
                    TrainingPosition position = new TrainingPosition(step, epoch, b + 1, sums);
                    if (stop.requested()) {
                        checkpoint(position);
                        stop.check();
                    }
                    if (b + 1 < plan.stepsPerEpoch() && checkpointPolicy.midEpoch(step, System.nanoTime() - lastCheckpointNanos)) {
                        checkpoint(position);
                    }
                }
            }
            TrainingClock end = new TrainingClock(step, plan.totalSteps(), epoch);
            Evaluation validation = evaluator.evaluate(evaluated, data.validation(), end);
            boolean lastEpoch = epoch == plan.epochs() - 1;
            Map<String, Double> extra = new LinkedHashMap<>();
            for (EpochMetric m : epochMetrics) {
                extra.putAll(m.compute(new EpochMetric.Context(evaluated, data, validation, end, lastEpoch)));
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v / plan.stepsPerEpoch()));
            last = new EpochReport(end, means, validation, extra, (System.nanoTime() - started) / 1e9);
            EpochReport report = last;
            listeners.forEach(l -> l.onEpochEnd(report, model));
            if (checkpointPolicy.atEpochEnd(epoch, plan.epochs()) || stop.requested()) {
                checkpoint(new TrainingPosition(step, epoch + 1, 0, Map.of()));
            }
            stop.check();
        }
        if (last == null) {
            // Resumed after the last epoch's end: nothing is left to train; report the model as it is.
            TrainingClock end = new TrainingClock(step, plan.totalSteps(), plan.epochs() - 1);
            last = new EpochReport(end, Map.of(), evaluator.evaluate(evaluated, data.validation(), end), Map.of(), 0);
        }
        return last;
    }

    /** Returns every array a checkpoint holds: the model's state, then the optimiser's. */
    public List<Param> checkpointArrays() {
        List<Param> arrays = new ArrayList<>(model.checkpointState());
        optimizer.state().forEach(p -> arrays.add(new Param("optimizer." + p.name(), p.value())));
        return arrays;
    }

    /** Saves a checkpoint, unless an array is not finite: the last checkpoint must hold finite values only. */
    private void checkpoint(TrainingPosition position) {
        if (checkpoints != null) {
            List<Param> arrays = checkpointArrays();
            Optional<String> bad = Finiteness.firstNonFinite(arrays, Param::value);
            if (bad.isPresent()) {
                int epochOfLastStep = position.batch() > 0 ? position.epoch() : Math.max(0, position.epoch() - 1);
                throw new NonFiniteValueException(position.step(), epochOfLastStep, bad.get() + " (found when checkpointing)",
                        Map.of());
            }
            checkpoints.save(position, arrays);
        }
        lastCheckpointNanos = System.nanoTime();
    }

    /**
     * Takes one training step on the given rows, without augmentation (for benchmarks, which time
     * exactly this).
     *
     * @param train the training split
     * @param rows the batch's row indices
     * @param clock the step's schedule position
     * @return the step's metrics
     * @throws NonFiniteValueException if a loss, gradient or parameter is NaN or infinite
     */
    public Map<String, Double> step(Dataset train, int[] rows, TrainingClock clock) {
        return step(train, Batches.read(train, rows, null), rows.length, clock);
    }

    private Map<String, Double> step(Dataset train, FloatBuffer batch, int rows, TrainingClock clock) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = Batches.toArray(train, batch, rows, manager);
            RandomStreams.seedEngine(seed, RandomStreams.Stream.STEP, clock.step());
            EngineSamplingContext context = new EngineSamplingContext(manager, clock, true,
                    RandomStreams.random(seed, RandomStreams.Stream.STEP_HOST, clock.step()));
            List<Param> trained = model.trainableParameters();
            ForwardPass pass;
            if (trained.isEmpty()) {
                // Nothing is trained through the loss (e.g. FISTA codes and a dictionary with its own rule): no backward pass.
                pass = model.forward(x, context);
            } else {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    pass = model.forward(x, context);
                    collector.backward(pass.loss());
                }
            }
            Map<String, Double> metrics = pass.metrics();
            if (!Double.isFinite(metrics.get(ForwardPass.LOSS))) {
                throw new NonFiniteValueException(clock.step(), clock.epoch(), "the loss", metrics);
            }
            failIfNonFinite(Finiteness.firstNonFinite(trained, p -> p.value().getGradient()), "the gradient of ", "", clock, metrics);
            double lr = schedule.at(clock.step(), clock.totalSteps());
            if (!trained.isEmpty() && !optimizer.stepFinite(lr)) {
                failIfNonFinite(Finiteness.firstNonFinite(trained, Param::value), "", " after the optimiser's step", clock, metrics);
            }
            model.generator().update(new GeneratorStep(x, pass.codes().stopGradient(),
                    pass.reconstructions().stopGradient(), pass.weights().stopGradient(), pass.selected(), clock));
            List<Param> generatorState = new ArrayList<>();
            model.generator().state().forEach(p -> generatorState.add(new Param("generator." + p.name(), p.value())));
            failIfNonFinite(Finiteness.firstNonFinite(generatorState, Param::value), "", " after the generator's own update",
                    clock, metrics);
            metrics.put("lr", lr);
            return metrics;
        }
    }

    private static void failIfNonFinite(Optional<String> name, String before, String after, TrainingClock clock,
            Map<String, Double> metrics) {
        if (name.isPresent()) {
            throw new NonFiniteValueException(clock.step(), clock.epoch(), before + name.get() + after, metrics);
        }
    }

    /** Assembles a {@link Trainer} (DJL style: {@code set*} required, {@code opt*} optional). */
    public static final class Builder {
        private SparseCodingModel model;
        private Optimizer optimizer;
        private LearningRateSchedule schedule;
        private TrainingPlan plan;
        private NDManager manager;
        private long seed;
        private int evaluationSamples;
        private final List<EpochMetric> epochMetrics = new ArrayList<>();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private StopSignal stop = new StopSignal();
        private CheckpointSink checkpoints;
        private CheckpointPolicy checkpointPolicy = CheckpointPolicy.defaults();

        private Builder() {}

        /** Sets the model. */
        public Builder setModel(SparseCodingModel model) {
            this.model = model;
            return this;
        }

        /** Sets the optimiser over {@link SparseCodingModel#trainableParameters()}. */
        public Builder setOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets the learning-rate schedule. */
        public Builder setSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Sets epochs, steps per epoch and batch size. */
        public Builder setPlan(TrainingPlan plan) {
            this.plan = plan;
            return this;
        }

        /** Sets the owner of per-step arrays (the model's device). */
        public Builder setManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        /** Sets the run's seed, from which every random stream is derived (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets J at evaluation (default: the model's J). */
        public Builder optEvaluationSamples(int samples) {
            this.evaluationSamples = samples;
            return this;
        }

        /** Adds metrics computed after each epoch's validation. */
        public Builder optEpochMetrics(List<? extends EpochMetric> metrics) {
            this.epochMetrics.addAll(metrics);
            return this;
        }

        /** Adds listeners, notified of steps and epochs in order. */
        public Builder optListeners(List<? extends TrainingListener> listeners) {
            this.listeners.addAll(listeners);
            return this;
        }

        /** Sets the signal checked after every step (a requested stop checkpoints, then ends the fit). */
        public Builder optStop(StopSignal stop) {
            this.stop = Objects.requireNonNull(stop, "stop");
            return this;
        }

        /** Sets where checkpoints go and when they are taken (default: none are written). */
        public Builder optCheckpoints(CheckpointSink sink, CheckpointPolicy policy) {
            this.checkpoints = Objects.requireNonNull(sink, "sink");
            this.checkpointPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Returns the trainer. */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
