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
 * after the noise warm-up: the median milliseconds per step over 200 steps after 20 warm-up steps, the
 * fraction of non-zero (selected) codes, the FLOPs of a step counted from the shapes (all J samples
 * decoded densely), the achieved GFLOP/s, and that as a fraction of the same process's 1024² float32
 * matmul rate measured between blocks of steps. With {@code --peer}, the same step in PyTorch
 * ({@code bench/reference/torch_linear_step.py}) runs in alternating blocks with ours, twice: as VSC
 * Lab's step computes it (the J samples scored without a graph, the selected one back-propagated), and
 * with the graph through all J samples, as the loss reads when transcribed directly.
 */
public final class LinearStepWorkload implements Workload {

    /** The peer's variants, in the order they are compared. */
    private static final List<String> PEER_VARIANTS = List.of("selected", "all");

    @Override
    public String name() {
        return "linear-step";
    }

    @Override
    public String description() {
        return "paper-scale training step (D=K=256, B=100, J=20, MLP 256-512-1024-512-256): ms/step, GFLOP/s, % of matmul rate";
    }

    @Override
    public boolean hasPeer() {
        return true;
    }

    @Override
    public BenchResult run(BenchContext context) throws PeerException {
        PrintWriter out = context.out();
        Experiment experiment = new ExperimentBuilder(context.registry()).build(PaperScale.config(context.registry()));
        try (var manager = experiment.manager(); Measurements.MatmulProbe probe = new Measurements.MatmulProbe(manager)) {
            Trainer trainer = PaperScale.trainer(experiment);
            int warmup = context.smoke() ? 3 : 20;
            int timed = context.iterations(200, 5);
            double flops = PaperScale.flopsPerStep(experiment.model().family().heads().size(), PaperScale.SAMPLES);
            OurSteps ours = new OurSteps(trainer, experiment.data().train(), experiment.plan().totalSteps(), warmup);
            Map<String, Double> figures = new LinkedHashMap<>();
            Map<String, SideBySide.Result> peers = new LinkedHashMap<>();
            SideBySide.Result first;
            if (context.peer().isEmpty()) {
                first = SideBySide.run(ours, probe::sample, null, warmup, timed, 10);
            } else {
                first = null;
                for (String variant : PEER_VARIANTS) {
                    try (PeerProcess peer = PeerProcess.start(context.peer().get(), "torch_linear_step.py", List.of(variant))) {
                        out.println("  peer: " + peer.description());
                        out.flush();
                        SideBySide.Result r = SideBySide.run(ours, probe::sample, peer, first == null ? warmup : 0, timed, 10);
                        first = first == null ? r : first;
                        peers.put(variant, r);
                    }
                }
            }
            SideBySide.Side side = first.ours();
            double gflops = flops / (side.medianMs() / 1e3) / 1e9;
            figures.put("median_ms", side.medianMs());
            figures.put("p10_ms", Measurements.quantile(side.ms(), 0.1));
            figures.put("p90_ms", Measurements.quantile(side.ms(), 0.9));
            figures.put("nonzero_fraction", ours.nonZeroFraction());
            figures.put("gflop_per_step", flops / 1e9);
            figures.put("gflops", gflops);
            figures.put("matmul_gflops", side.medianMatmul());
            figures.put("matmul_gflops_best", java.util.Arrays.stream(side.matmulGflops()).max().orElse(Double.NaN));
            figures.put("fraction_of_matmul", gflops / side.medianMatmul());
            peers.forEach((variant, r) -> {
                figures.put("peer_" + variant + "_median_ms", r.peer().medianMs());
                figures.put("peer_" + variant + "_matmul_gflops", r.peer().medianMatmul());
                figures.put("peer_" + variant + "_fraction_of_matmul", flops / (r.peer().medianMs() / 1e3) / 1e9 / r.peer().medianMatmul());
                figures.put("ours_median_ms_beside_" + variant, r.ours().medianMs());
                figures.put("speedup_vs_peer_" + variant, r.speedup());
            });
            figures.put("peak_rss_mb", Measurements.peakResidentMb());
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-32s %.4g%n", k, v));
            String summary = String.format(Locale.ROOT,
                    "linear-step: median %.2f ms/step over %d steps, %.1f GFLOP/s = %.0f%% of the interleaved-measured %.0f GFLOP/s matmul"
                            + " (%.1f%% non-zero codes), peak RSS %.0f MB",
                    figures.get("median_ms"), timed, gflops, 100 * figures.get("fraction_of_matmul"), figures.get("matmul_gflops"),
                    100 * ours.nonZeroFraction(), figures.get("peak_rss_mb"));
            if (!peers.isEmpty()) {
                StringBuilder s = new StringBuilder(summary).append("; peer ").append(context.peer().get().label()).append(':');
                peers.forEach((variant, r) -> s.append(String.format(Locale.ROOT,
                        " %s %.2f ms/step (ours beside it %.2f: %.2f× faster; its matmul %.0f GFLOP/s),", variant, r.peer().medianMs(),
                        r.ours().medianMs(), r.speedup(), r.peer().medianMatmul())));
                summary = s.substring(0, s.length() - 1);
            }
            return new BenchResult(summary, figures);
        }
    }

    /** Our step on random batches, after the noise warm-up, recording the selected codes' density. */
    private static final class OurSteps implements SideBySide.Step {
        private final Trainer trainer;
        private final Dataset train;
        private final long totalSteps;
        private final int warmup;
        private final SplittableRandom random = new SplittableRandom(1);
        private double nonZero;
        private int counted;
        private int taken;

        OurSteps(Trainer trainer, Dataset train, long totalSteps, int warmup) {
            this.trainer = trainer;
            this.train = train;
            this.totalSteps = totalSteps;
            this.warmup = warmup;
        }

        /** Takes the next step (the index within a comparison is not needed: steps continue across comparisons). */
        @Override
        public void run(int i) {
            int[] rows = Batches.slice(Batches.permutation(train.size(), random), 0, PaperScale.BATCH);
            Map<String, Double> metrics = trainer.step(train, rows, new TrainingClock(10_000 + taken, totalSteps, 10));
            if (taken++ >= warmup) {
                nonZero += metrics.get("nonzero_frac");
                counted++;
            }
        }

        /** Returns the mean fraction of non-zero selected codes over the timed steps. */
        double nonZeroFraction() {
            return counted == 0 ? Double.NaN : nonZero / counted;
        }
    }
}
