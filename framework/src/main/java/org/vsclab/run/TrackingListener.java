package org.vsclab.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vsclab.spi.TrackedRun;
import org.vsclab.train.EpochReport;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.StepReport;
import org.vsclab.train.TrainingListener;

/**
 * Records step metrics (every {@code tracking.log-every} steps) and epoch metrics in the tracked run,
 * keyed as in {@link MetricKeys}, and flushes the store at every epoch end.
 */
final class TrackingListener implements TrainingListener {

    private final TrackedRun run;
    private final int logEvery;
    private Map<String, Double> lastEpoch = Map.of();

    /**
     * Creates the listener.
     *
     * @param run the tracked run
     * @param logEvery steps between step records (1 = every step)
     */
    TrackingListener(TrackedRun run, int logEvery) {
        this.run = run;
        this.logEvery = logEvery;
    }

    @Override
    public void onStep(StepReport report) {
        if (report.clock().step() % logEvery == 0) {
            run.logMetrics(prefixed(MetricKeys.TRAIN, report.metrics()), report.clock().step());
        }
    }

    @Override
    public void onEpochEnd(EpochReport report, SparseCodingModel model) {
        Map<String, Double> all = new LinkedHashMap<>();
        all.putAll(prefixed(MetricKeys.TRAIN_EPOCH, report.train()));
        all.putAll(prefixed(MetricKeys.VALIDATION, report.validation().metrics()));
        all.putAll(report.extra());
        all.put(MetricKeys.EPOCH_SECONDS, report.seconds());
        all.put(MetricKeys.EPOCH, (double) report.clock().epoch());
        run.logMetrics(all, report.clock().step());
        run.flush();
        lastEpoch = all;
    }

    /** Returns the metrics recorded at the last epoch end. */
    Map<String, Double> lastEpoch() {
        return lastEpoch;
    }

    private static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
