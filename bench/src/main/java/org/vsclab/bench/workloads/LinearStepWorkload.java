package org.vsclab.bench.workloads;

import java.io.PrintWriter;
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
 * {@code linear-step}: the paper-scale training step (see {@link PaperScale}) as the trainer runs it:
 * median milliseconds per step over 200 steps after 20 warm-up steps, the FLOPs of a step counted from
 * the shapes, the achieved GFLOP/s, and that as a fraction of the same process's measured 1024² float32
 * matmul rate.
 */
public final class LinearStepWorkload implements Workload {

    @Override
    public String name() {
        return "linear-step";
    }

    @Override
    public String description() {
        return "paper-scale training step (D=K=256, B=100, J=20, MLP 256-512-1024-512-256): ms/step, GFLOP/s, % of matmul rate";
    }

    @Override
    public BenchResult run(BenchContext context) {
        PrintWriter out = context.out();
        Experiment experiment = new ExperimentBuilder(context.registry()).build(PaperScale.config(context.registry()));
        try (var manager = experiment.manager()) {
            Trainer trainer = PaperScale.trainer(experiment);
            int warmup = context.smoke() ? 3 : 20;
            int timed = context.iterations(200, 5);
            double[] matmulSamples;
            double[] ms;
            try (Measurements.MatmulProbe probe = new Measurements.MatmulProbe(manager)) {
                StepTimes times = timeSteps(trainer, experiment.data().train(), warmup, timed, experiment.plan().totalSteps(), probe);
                ms = times.ms();
                matmulSamples = times.matmulGflops();
            }
            double matmul = Measurements.median(matmulSamples);
            double median = Measurements.median(ms);
            double flops = PaperScale.flopsPerStep(experiment.model().family().heads().size(), PaperScale.SAMPLES);
            double gflops = flops / (median / 1e3) / 1e9;
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("median_ms", median);
            figures.put("p10_ms", Measurements.quantile(ms, 0.1));
            figures.put("p90_ms", Measurements.quantile(ms, 0.9));
            figures.put("gflop_per_step", flops / 1e9);
            figures.put("gflops", gflops);
            figures.put("matmul_gflops", matmul);
            figures.put("matmul_gflops_best", java.util.Arrays.stream(matmulSamples).max().orElse(Double.NaN));
            figures.put("fraction_of_matmul", gflops / matmul);
            figures.put("peak_rss_mb", Measurements.peakResidentMb());
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-20s %.4g%n", k, v));
            String summary = String.format(Locale.ROOT,
                    "linear-step: median %.2f ms/step over %d steps, %.1f GFLOP/s = %.0f%% of the interleaved-measured %.0f GFLOP/s matmul, peak RSS %.0f MB",
                    median, timed, gflops, 100 * gflops / matmul, matmul, figures.get("peak_rss_mb"));
            return new BenchResult(summary, figures);
        }
    }

    /**
     * Step times and the matmul rates measured between them.
     *
     * @param ms the timed steps' wall times in milliseconds
     * @param matmulGflops matmul rates sampled every 10 steps (each after its own warm-up)
     */
    record StepTimes(double[] ms, double[] matmulGflops) {}

    /**
     * Runs warm-up then timed steps on random batches, sampling the matmul rate every 10 steps (median
     * of the interleaved samples: the rate of the machine while the steps ran).
     */
    static StepTimes timeSteps(Trainer trainer, Dataset train, int warmup, int timed, long totalSteps,
            Measurements.MatmulProbe probe) {
        SplittableRandom random = new SplittableRandom(1);
        int batch = PaperScale.BATCH;
        double[] ms = new double[timed];
        java.util.List<Double> rates = new java.util.ArrayList<>();
        for (int i = 0; i < warmup + timed; i++) {
            if (i >= warmup && (i - warmup) % 10 == 0) {
                probe.sample();
                rates.add(probe.sample());
            }
            int[] order = Batches.permutation(train.size(), random);
            int[] rows = Batches.slice(order, 0, batch);
            TrainingClock clock = new TrainingClock(10_000 + i, totalSteps, 10);
            long t0 = System.nanoTime();
            trainer.step(train, rows, clock);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return new StepTimes(ms, rates.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
