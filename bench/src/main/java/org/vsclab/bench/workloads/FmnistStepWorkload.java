package org.vsclab.bench.workloads;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.vsclab.bench.BenchContext;
import org.vsclab.bench.BenchResult;
import org.vsclab.bench.Measurements;
import org.vsclab.bench.Workload;
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
 * the median step time) and peak resident memory; then the same step written directly in PyTorch
 * ({@code bench/reference/torch_fmnist_step.py}) when a Python with torch is found
 * ({@code $VSC_TORCH_PYTHON}, else {@code /usr/bin/python3}, else {@code python3}), and the ratio.
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
        double[] seconds = new double[timed];
        try (var manager = experiment.manager()) {
            Trainer trainer = PaperScale.trainer(experiment);
            Dataset train = experiment.data().train();
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < warmup + timed; i++) {
                int[] rows = Batches.slice(Batches.permutation(train.size(), random), 0, batch);
                long t0 = System.nanoTime();
                trainer.step(train, rows, new TrainingClock(1000 + i, experiment.plan().totalSteps(), 10));
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "  %s step %d: %.2f s%n", i < warmup ? "warm-up" : "timed", i + 1, s);
                out.flush();
                if (i >= warmup) {
                    seconds[i - warmup] = s;
                }
            }
        }
        double median = Measurements.median(seconds);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("median_s_per_step", median);
        figures.put("images_per_s", batch / median);
        figures.put("peak_rss_mb", Measurements.peakResidentMb());
        String summary = String.format(Locale.ROOT, "fmnist-step (B=%d, J=%d, N=%d): VSC Lab %.1f images/s (%.2f s/step), peak RSS %.0f MB",
                batch, samples, LATENTS, batch / median, median, figures.get("peak_rss_mb"));
        Optional<Map<String, String>> torch = torchPeer(out, batch, samples, warmup, timed);
        if (torch.isPresent()) {
            double torchRate = Double.parseDouble(torch.get().get("images_per_s"));
            figures.put("torch_images_per_s", torchRate);
            figures.put("torch_peak_rss_mb", Double.parseDouble(torch.get().get("peak_rss_mb")));
            figures.put("ratio_vsc_over_torch", batch / median / torchRate);
            summary += String.format(Locale.ROOT, "; PyTorch %s %.1f images/s, peak RSS %s MB; ratio VSC/PyTorch %.2f",
                    torch.get().get("torch"), torchRate, torch.get().get("peak_rss_mb"), figures.get("ratio_vsc_over_torch"));
        } else {
            summary += "; PyTorch peer not run";
        }
        figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %.4g%n", k, v));
        return new BenchResult(summary, figures);
    }

    /** Runs the PyTorch peer if a Python with torch and the script are found; its key=value line. */
    private static Optional<Map<String, String>> torchPeer(PrintWriter out, int batch, int samples, int warmup, int timed)
            throws IOException, InterruptedException {
        Optional<Path> script = script();
        Optional<String> python = python();
        if (script.isEmpty() || python.isEmpty()) {
            out.println("  PyTorch peer: not run (" + (script.isEmpty() ? "bench/reference/torch_fmnist_step.py not found beside the distribution"
                    : "no Python with torch: apt-get install python3-torch libopenblas0-pthread, or set VSC_TORCH_PYTHON") + ")");
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(python.get(), script.get().toString(), "--batch", Integer.toString(batch),
                "--samples", Integer.toString(samples), "--latents", Integer.toString(LATENTS), "--warmup", Integer.toString(warmup),
                "--steps", Integer.toString(timed)));
        out.println("  PyTorch peer: " + String.join(" ", command));
        out.flush();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            out.println("  PyTorch peer failed: " + output.strip());
            return Optional.empty();
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : last.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (!fields.containsKey("images_per_s")) {
            out.println("  PyTorch peer printed no result: " + output.strip());
            return Optional.empty();
        }
        return Optional.of(fields);
    }

    /** The peer script: bench/reference/ of the repository whose experiments/target/vsc/lib holds this jar. */
    private static Optional<Path> script() {
        try {
            Path jar = Path.of(FmnistStepWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("bench/reference/torch_fmnist_step.py");
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> python() throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("VSC_TORCH_PYTHON")).ifPresent(candidates::add);
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
            } catch (IOException notThere) {
                // next candidate
            }
        }
        return Optional.empty();
    }
}
