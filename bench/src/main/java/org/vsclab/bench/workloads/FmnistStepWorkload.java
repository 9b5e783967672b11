package org.vsclab.bench.workloads;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.vsclab.bench.BenchContext;
import org.vsclab.bench.BenchResult;
import org.vsclab.bench.Measurements;
import org.vsclab.bench.Workload;
import org.vsclab.bench.peer.PeerProcess;
import org.vsclab.bench.peer.SideBySide;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.Batches;
import org.vsclab.train.Trainer;

/**
 * {@code fmnist-step}: the Fashion-MNIST training step of the paper (method.md §15.2) as the trainer
 * runs it — the conv encoder and generator of {@code plugins/djl-conv}, N = 64, J = 20 max-ELBO, batch
 * 512, the thresholded Laplacian, Adam — on real Fashion-MNIST: training images per second (B over
 * the median step time) and peak resident memory; with {@code --peer}, the same step written directly
 * in PyTorch ({@code bench/reference/torch_fmnist_step.py}) step by step, alternating with ours
 * ({@link SideBySide}), and the ratio.
 * Needs the djl-conv and image-data plugins and Fashion-MNIST (./install).
 */
public final class FmnistStepWorkload implements Workload {

    static final int BATCH = 512;
    static final int SAMPLES = 20;
    static final int LATENTS = 64;

    @Override
    public String name() {
        return "fmnist-step";
    }

    @Override
    public String description() {
        return "paper FMNIST training step (conv nets, N=64, J=20, B=512): images/s and peak memory, beside the same step in PyTorch";
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        PrintWriter out = context.out();
        int batch = context.smoke() ? 32 : BATCH;
        int samples = context.smoke() ? 2 : SAMPLES;
        int warmup = 1;
        int timed = context.iterations(5, 1);
        ExperimentConfig config = new ConfigLoader(context.registry().classLoader()).load(Optional.empty(), List.of(
                "experiment=bench", "tracking.uri=file:./mlruns-bench", "data.source=fmnist",
                "data-sources.fmnist.train-samples=" + Math.max(batch, 4096), "data-sources.fmnist.validation-samples=100",
                "data.batch-size=" + batch, "model.encoder=conv", "model.generator=conv", "model.prior=thresholded-laplacian",
                "priors.thresholded-laplacian.warmup.enabled=false", "model.latent-dim=" + LATENTS, "model.samples=" + samples,
                "model.kl-weight=0.01", "train.optimizer.type=adam", "train.optimizer.learning-rate=3e-4",
                "train.optimizer.weight-decay=1e-5", "train.epochs=300"));
        Experiment experiment = new ExperimentBuilder(context.registry()).build(config);
        SideBySide.Result result;
        double peerPeakMb = Double.NaN;
        try (var manager = experiment.manager()) {
            Trainer trainer = PaperScale.trainer(experiment);
            Dataset train = experiment.data().train();
            SplittableRandom random = new SplittableRandom(1);
            SideBySide.Step step = i -> {
                int[] rows = Batches.slice(Batches.permutation(train.size(), random), 0, batch);
                long t0 = System.nanoTime();
                trainer.step(train, rows, new TrainingClock(1000 + i, experiment.plan().totalSteps(), 10));
                out.printf(Locale.ROOT, "  %s step %d: %.2f s%n", i < warmup ? "warm-up" : "timed", i + 1, (System.nanoTime() - t0) / 1e9);
                out.flush();
            };
            try (Measurements.MatmulProbe probe = new Measurements.MatmulProbe(manager)) {
                if (context.peer().isEmpty()) {
                    result = SideBySide.run(step, probe::sample, null, warmup, timed, 1);
                } else {
                    try (PeerProcess peer = PeerProcess.start(context.peer().get(), "torch_fmnist_step.py",
                            List.of("--batch", Integer.toString(batch), "--samples", Integer.toString(samples)))) {
                        out.println("  peer: " + peer.description());
                        result = SideBySide.run(step, probe::sample, peer, warmup, timed, 1);
                        peerPeakMb = Measurements.peakResidentMb(peer.pid());
                    }
                }
            }
        }
        double[] seconds = java.util.Arrays.stream(result.ours().ms()).map(ms -> ms / 1e3).toArray();
        double median = Measurements.median(seconds);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("median_s_per_step", median);
        figures.put("images_per_s", batch / median);
        figures.put("peak_rss_mb", Measurements.peakResidentMb());
        String summary = String.format(Locale.ROOT, "fmnist-step (B=%d, J=%d, N=%d): VSC Lab %.1f images/s (%.2f s/step), peak RSS %.0f MB",
                batch, samples, LATENTS, batch / median, median, figures.get("peak_rss_mb"));
        if (result.peer() != null) {
            double torchRate = batch / (result.peer().medianMs() / 1e3);
            figures.put("torch_images_per_s", torchRate);
            figures.put("torch_peak_rss_mb", peerPeakMb);
            figures.put("ratio_vsc_over_torch", result.speedup());
            summary += String.format(Locale.ROOT, "; peer %s (interleaved) %.1f images/s, peak RSS %.0f MB; ratio VSC/PyTorch %.2f",
                    context.peer().get().label(), torchRate, peerPeakMb, result.speedup());
        }
        figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %.4g%n", k, v));
        return new BenchResult(summary, figures);
    }

    @Override
    public boolean hasPeer() {
        return true;
    }
}
