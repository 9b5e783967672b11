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
import org.vsclab.bench.peer.PeerException;
import org.vsclab.bench.peer.PeerProcess;
import org.vsclab.bench.peer.SideBySide;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.Batches;
import org.vsclab.train.Trainer;

/**
 * {@code linear-step}: the paper-scale training step (see {@link PaperScale}) as the trainer runs it,
 * in two regimes of the same model: <em>sparse</em>, inside the noise warm-up (factor 0.1), where about
 * 8 % of the codes are non-zero as in training, and <em>dense</em>, after the warm-up at
 * initialisation, where about 78 % are. Per regime: the median milliseconds per step over 200 steps
 * after 20 warm-up steps, the FLOPs of a step counted from the shapes (all J samples decoded densely),
 * the achieved GFLOP/s, and that as a fraction of the same process's 1024² float32 matmul rate
 * measured between blocks of steps. With {@code --peer}, the same step in PyTorch
 * ({@code bench/reference/torch_linear_step.py}) runs in alternating blocks with ours.
 */
public final class LinearStepWorkload implements Workload {

    /** A regime: where the clock is, which fixes the noise warm-up factor and so the codes' density. */
    private enum Regime {
        SPARSE(100), DENSE(10_000);

        final long firstStep;

        Regime(long firstStep) {
            this.firstStep = firstStep;
        }

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String name() {
        return "linear-step";
    }

    @Override
    public String description() {
        return "paper-scale training step (D=K=256, B=100, J=20, MLP 256-512-1024-512-256), at 8% and 78% non-zero codes: ms/step, GFLOP/s, % of matmul rate";
    }

    @Override
    public boolean hasPeer() {
        return true;
    }

    @Override
    public BenchResult run(BenchContext context) throws PeerException {
        PrintWriter out = context.out();
        int warmup = context.smoke() ? 3 : 20;
        int timed = context.iterations(200, 5);
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<Regime, Measured> measured = new LinkedHashMap<>();
        double flops = 0;
        for (Regime regime : Regime.values()) {
            // A fresh model per regime (same seed): the dense regime is the model at initialisation.
            Experiment experiment = new ExperimentBuilder(context.registry()).build(PaperScale.config(context.registry()));
            try (var manager = experiment.manager(); Measurements.MatmulProbe probe = new Measurements.MatmulProbe(manager)) {
                flops = PaperScale.flopsPerStep(experiment.model().family().heads().size(), PaperScale.SAMPLES);
                Measured m = measure(PaperScale.trainer(experiment), experiment, regime, probe, context, warmup, timed);
                measured.put(regime, m);
                String prefix = regime == Regime.SPARSE ? "" : "dense_";
                figures.put(prefix + "median_ms", m.result().ours().medianMs());
                figures.put(prefix + "p10_ms", Measurements.quantile(m.result().ours().ms(), 0.1));
                figures.put(prefix + "p90_ms", Measurements.quantile(m.result().ours().ms(), 0.9));
                figures.put(prefix + "nonzero_fraction", m.nonZeroFraction());
                double gflops = flops / (m.result().ours().medianMs() / 1e3) / 1e9;
                figures.put(prefix + "gflops", gflops);
                figures.put(prefix + "matmul_gflops", m.result().ours().medianMatmul());
                figures.put(prefix + "fraction_of_matmul", gflops / m.result().ours().medianMatmul());
                if (m.result().peer() != null) {
                    figures.put(prefix + "peer_median_ms", m.result().peer().medianMs());
                    figures.put(prefix + "peer_matmul_gflops", m.result().peer().medianMatmul());
                    figures.put(prefix + "peer_fraction_of_matmul",
                            flops / (m.result().peer().medianMs() / 1e3) / 1e9 / m.result().peer().medianMatmul());
                    figures.put(prefix + "speedup_vs_peer", m.result().speedup());
                }
            }
        }
        figures.put("gflop_per_step", flops / 1e9);
        figures.put("peak_rss_mb", Measurements.peakResidentMb());
        figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %.4g%n", k, v));
        Measured sparse = measured.get(Regime.SPARSE);
        Measured dense = measured.get(Regime.DENSE);
        String summary = String.format(Locale.ROOT,
                "linear-step: median %.2f ms/step over %d steps, %.1f GFLOP/s = %.0f%% of the interleaved-measured %.0f GFLOP/s matmul"
                        + " (%.0f%% non-zero codes; at %.0f%%: %.2f ms, %.0f%%), peak RSS %.0f MB",
                figures.get("median_ms"), timed, figures.get("gflops"), 100 * figures.get("fraction_of_matmul"),
                figures.get("matmul_gflops"), 100 * sparse.nonZeroFraction(), 100 * dense.nonZeroFraction(),
                figures.get("dense_median_ms"), 100 * figures.get("dense_fraction_of_matmul"), figures.get("peak_rss_mb"));
        if (sparse.result().peer() != null) {
            summary += String.format(Locale.ROOT,
                    "; peer %s: %.2f ms/step (%.0f GFLOP/s matmul), ours %.2f× faster; at %.0f%%: %.2f ms, ours %.2f×",
                    context.peer().orElseThrow().label(), figures.get("peer_median_ms"), figures.get("peer_matmul_gflops"),
                    figures.get("speedup_vs_peer"), 100 * dense.nonZeroFraction(), figures.get("dense_peer_median_ms"),
                    figures.get("dense_speedup_vs_peer"));
        }
        return new BenchResult(summary, figures);
    }

    /**
     * One regime's measurements.
     *
     * @param result both sides' times and matmul rates
     * @param nonZeroFraction the mean fraction of non-zero selected codes over our timed steps
     */
    private record Measured(SideBySide.Result result, double nonZeroFraction) {}

    private static Measured measure(Trainer trainer, Experiment experiment, Regime regime, Measurements.MatmulProbe probe,
            BenchContext context, int warmup, int timed) throws PeerException {
        Dataset train = experiment.data().train();
        long totalSteps = experiment.plan().totalSteps();
        SplittableRandom random = new SplittableRandom(1);
        double[] nonZero = new double[1];
        SideBySide.Step step = i -> {
            int[] rows = Batches.slice(Batches.permutation(train.size(), random), 0, PaperScale.BATCH);
            Map<String, Double> metrics = trainer.step(train, rows, new TrainingClock(regime.firstStep + i, totalSteps, 0));
            if (i >= warmup) {
                nonZero[0] += metrics.get("nonzero_frac");
            }
        };
        if (context.peer().isEmpty()) {
            SideBySide.Result result = SideBySide.run(step, probe, null, warmup, timed, 10);
            return new Measured(result, nonZero[0] / timed);
        }
        try (PeerProcess peer = PeerProcess.start(context.peer().get(), "torch_linear_step.py", List.of(regime.argument()))) {
            if (regime == Regime.SPARSE) {
                context.out().println("  peer: " + peer.description());
            }
            SideBySide.Result result = SideBySide.run(step, probe, peer, warmup, timed, 10);
            return new Measured(result, nonZero[0] / timed);
        }
    }
}
