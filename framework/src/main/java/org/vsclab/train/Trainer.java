package org.vsclab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.TrainingClock;

/**
 * The training loop. Per step: gather the batch, forward pass and backward pass (method.md §3.3),
 * stop on a non-finite loss, optimiser step for everything trained through the loss, then the
 * generator's own update with the codes drawn before the encoder update (§13), then the listeners.
 * Per epoch: validation, epoch metrics, listeners. All of a step's arrays are freed at its end.
 */
public final class Trainer {

    private final SparseCodingModel model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final SplittableRandom shuffle;
    private final SplittableRandom hostRandom;
    private final List<EpochMetric> epochMetrics;
    private final List<TrainingListener> listeners;
    private final StopSignal stop;

    /**
     * Creates a trainer.
     *
     * @param model the model
     * @param optimizer the optimiser over {@link SparseCodingModel#trainableParameters()}
     * @param schedule the learning-rate schedule
     * @param plan epochs, steps per epoch, batch size
     * @param manager owner of per-step arrays
     * @param seed the seed of the batch order
     * @param epochMetrics metrics computed after each epoch
     * @param listeners notified of steps and epochs, in order
     * @param stop checked after every step
     */
    public Trainer(SparseCodingModel model, Optimizer optimizer, LearningRateSchedule schedule, TrainingPlan plan,
            NDManager manager, long seed, List<EpochMetric> epochMetrics, List<TrainingListener> listeners,
            StopSignal stop) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.plan = plan;
        this.manager = manager;
        this.shuffle = new SplittableRandom(seed);
        this.hostRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.epochMetrics = List.copyOf(epochMetrics);
        this.listeners = List.copyOf(listeners);
        this.stop = stop;
    }

    /**
     * Trains for the planned number of epochs.
     *
     * @param data the data
     * @return the last epoch's report
     * @throws NonFiniteLossException if the loss becomes NaN or infinite
     * @throws RunInterruptedException if a stop is requested
     */
    public EpochReport fit(DataSource data) {
        Engines.gradientsOffOnThisThread();
        Dataset train = data.train();
        Evaluator evaluator = new Evaluator(manager, plan.batchSize(), hostRandom.split(), stop);
        listeners.forEach(l -> l.onTrainingStart(plan));
        long step = 0;
        EpochReport last = null;
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            long started = System.nanoTime();
            int[] order = Batches.permutation(train.size(), shuffle);
            Map<String, Double> sums = new LinkedHashMap<>();
            for (int b = 0; b < plan.stepsPerEpoch(); b++) {
                TrainingClock clock = new TrainingClock(step, plan.totalSteps(), epoch);
                int[] rows = Batches.slice(order, b * plan.batchSize(), (b + 1) * plan.batchSize());
                Map<String, Double> metrics = step(train, rows, clock);
                metrics.forEach((k, v) -> sums.merge(k, v, Double::sum));
                StepReport report = new StepReport(clock, metrics);
                listeners.forEach(l -> l.onStep(report));
                step++;
                stop.check();
            }
            TrainingClock end = new TrainingClock(step, plan.totalSteps(), epoch);
            Evaluation validation = evaluator.evaluate(model, data.validation(), end);
            Map<String, Double> extra = new LinkedHashMap<>();
            for (EpochMetric m : epochMetrics) {
                extra.putAll(m.compute(model));
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v / plan.stepsPerEpoch()));
            last = new EpochReport(end, means, validation, extra, (System.nanoTime() - started) / 1e9);
            EpochReport report = last;
            listeners.forEach(l -> l.onEpochEnd(report, model));
            stop.check();
        }
        return last;
    }

    /**
     * Takes one training step on the given rows (what {@link #fit} does per batch; public for
     * benchmarks, which time exactly this).
     *
     * @param train the training split
     * @param rows the batch's row indices
     * @param clock the step's schedule position
     * @return the step's metrics
     * @throws NonFiniteLossException if the loss is NaN or infinite
     */
    public Map<String, Double> step(Dataset train, int[] rows, TrainingClock clock) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = Batches.gather(train, rows, manager);
            EngineSamplingContext context = new EngineSamplingContext(manager, clock, true, hostRandom.split());
            ForwardPass pass;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                pass = model.forward(x, context);
                collector.backward(pass.loss());
            }
            Map<String, Double> metrics = pass.metrics();
            double loss = metrics.get(ForwardPass.LOSS);
            if (!Double.isFinite(loss)) {
                throw new NonFiniteLossException(clock.step(), clock.epoch(), metrics);
            }
            double lr = schedule.at(clock.step(), clock.totalSteps());
            optimizer.step(lr);
            model.generator().update(new GeneratorStep(x, pass.codes().stopGradient(),
                    pass.reconstructions().stopGradient(), pass.weights().stopGradient(), pass.selected(), clock));
            metrics.put("lr", lr);
            return metrics;
        }
    }
}
