package org.vsclab.bench.workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.vsclab.bench.BenchContext;
import org.vsclab.bench.BenchResult;
import org.vsclab.bench.Measurements;
import org.vsclab.bench.Workload;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.Batches;
import org.vsclab.train.Trainer;

/**
 * {@code linear-step-memory}: resident memory over a long run of the paper-scale step: after 1,000 and
 * after 20,000 steps, and the growth between them (native memory must stay flat).
 */
public final class LinearStepMemoryWorkload implements Workload {

    @Override
    public String name() {
        return "linear-step-memory";
    }

    @Override
    public String description() {
        return "resident memory after 1,000 and 20,000 paper-scale steps, and the growth between (must stay under 5 %)";
    }

    @Override
    public BenchResult run(BenchContext context) {
        int first = context.smoke() ? 20 : 1_000;
        int last = context.iterations(20_000, 100);
        Experiment experiment = new ExperimentBuilder(context.registry()).build(PaperScale.config(context.registry()));
        try (var manager = experiment.manager()) {
            Trainer trainer = PaperScale.trainer(experiment);
            Dataset train = experiment.data().train();
            SplittableRandom random = new SplittableRandom(3);
            double atFirst = Double.NaN;
            long started = System.nanoTime();
            for (int step = 1; step <= last; step++) {
                int[] order = Batches.permutation(train.size(), random);
                trainer.step(train, Batches.slice(order, 0, PaperScale.BATCH), new TrainingClock(step, last, step / 200));
                if (step == first) {
                    System.gc();
                    atFirst = Measurements.residentMb();
                    context.out().printf(Locale.ROOT, "  resident after %,d steps: %.1f MB%n", first, atFirst);
                }
                if (step % 5_000 == 0) {
                    context.out().printf(Locale.ROOT, "  resident after %,d steps: %.1f MB%n", step, Measurements.residentMb());
                    context.out().flush();
                }
            }
            System.gc();
            double atLast = Measurements.residentMb();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("rss_mb_at_" + first, atFirst);
            figures.put("rss_mb_at_" + last, atLast);
            figures.put("growth_percent", 100 * (atLast - atFirst) / atFirst);
            figures.put("peak_rss_mb", Measurements.peakResidentMb());
            figures.put("seconds", seconds);
            figures.forEach((k, v) -> context.out().printf(Locale.ROOT, "  %-20s %.4g%n", k, v));
            String summary = String.format(Locale.ROOT,
                    "linear-step-memory: resident %.0f MB after %,d steps, %.0f MB after %,d (%+.2f%%), peak %.0f MB, %.0f s",
                    atFirst, first, atLast, last, figures.get("growth_percent"), figures.get("peak_rss_mb"), seconds);
            return new BenchResult(summary, figures);
        }
    }
}
