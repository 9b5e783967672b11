package org.vsclab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunEndedException;
import org.vsclab.run.RunResult;
import org.vsclab.run.SweepRunner;
import org.vsclab.spi.RunStatus;
import org.vsclab.train.StopSignal;
import org.vsclab.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vsc run <experiment.conf> [key=value ...]}: runs one tracked experiment. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment and record it in the tracking store.",
                "Example: vsc run conf/experiments/quickstart.conf train.epochs=5 model.prior=thresholded-laplacian"})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Vsc parent;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.conf", description = "The experiment file (HOCON), e.g. conf/experiments/quickstart.conf.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides of config keys, applied after the file.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--print-config", description = "Print the fully resolved configuration and exit.")
    boolean printConfig;

    @Option(names = "--no-progress", description = "Print one line per epoch instead of a live progress bar.")
    boolean noProgress;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...",
            description = "Run once per value (repeatable: every combination), as child runs of one parent; adds to the file's sweep { }.")
    List<String> sweep = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ComponentRegistry registry = parent.registry();
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.of(file), overrides);
        Map<String, List<String>> axes = SweepRunner.axes(config, sweep);
        if (printConfig) {
            out.println(config.render());
            return 0;
        }
        StopSignal stop = new StopSignal();
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.request("interrupted by the user (Ctrl-C / SIGTERM)");
            try {
                ended.await(10, TimeUnit.MINUTES);   // the run ends after its current step or validation batch
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vsc-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<TrainingListener> listeners = List.of(new ProgressBar(err, !noProgress && System.console() != null));
        long started = System.nanoTime();
        try {
            if (!axes.isEmpty()) {
                return sweep(out, registry, listeners, stop, axes, config);
            }
            RunResult result = new ExperimentRunner(registry, listeners, stop).run(config);
            printSummary(out, result, (System.nanoTime() - started) / 1e9, config);
            return 0;
        } catch (RunEndedException e) {
            Throwable cause = e.getCause();
            err.println();
            err.println("Run " + e.runId() + " ended " + e.status() + ": " + cause.getMessage());
            err.println("Everything logged so far is kept" + (e.checkpointEpoch().isPresent()
                    ? "; the checkpoint of epoch " + (e.checkpointEpoch().getAsInt() + 1) + " is in " + e.artifactUri() + "/checkpoints/last/"
                    : " (no epoch completed, so there is no checkpoint)") + ".");
            if (e.status() == RunStatus.FAILED && !(cause instanceof org.vsclab.train.NonFiniteLossException)) {
                cause.printStackTrace(err);
            }
            err.flush();
            return e.status() == RunStatus.KILLED ? Vsc.KILLED : Vsc.FAILED;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is exiting after it
            }
        }
    }

    private int sweep(PrintWriter out, ComponentRegistry registry, List<TrainingListener> listeners, StopSignal stop,
            Map<String, List<String>> axes, ExperimentConfig config) {
        List<SweepRunner.Child> children = new SweepRunner(registry, listeners, stop).run(Optional.of(file), overrides, axes);
        out.println();
        out.println("Sweep over " + axes + ":");
        Table table = new Table("POINT", "RUN", "STATUS", "VAL LOSS", "VAL RECON", "NONZERO", "ATOMS REC", "BEST COS");
        int failed = 0;
        for (SweepRunner.Child c : children) {
            String point = String.join(" ", c.point());
            if (c.result() == null) {
                failed++;
                table.row(point, c.failure().runId().substring(0, 8), c.failure().status().name(), "-", "-", "-", "-", "-");
                continue;
            }
            Map<String, Double> m = c.result().metrics();
            table.row(point, c.result().runId().substring(0, 8), c.result().status().name(), Table.number(m.get("val/loss")),
                    Table.number(m.get("val/recon")), Table.number(m.get("val/nonzero_frac")),
                    Table.number(m.get("dict/atoms_recovered")), Table.number(m.get("dict/best_cosine_mean")));
        }
        table.print(out);
        out.println("All runs: vsc runs --experiment " + config.settings().string("experiment"));
        boolean killed = children.stream().anyMatch(c -> c.failure() != null && c.failure().status() == RunStatus.KILLED);
        return killed ? Vsc.KILLED : failed > 0 ? Vsc.FAILED : 0;
    }

    private static void printSummary(PrintWriter out, RunResult result, double seconds, ExperimentConfig config) {
        out.printf(Locale.ROOT, "%nRun %s (%s) %s in %s%n", result.runId(), result.runName(), result.status(),
                ProgressBar.duration(seconds));
        String[] keys = {"val/loss", "val/recon", "val/kl", "val/nonzero_frac", "val/l0", "val/posterior_nonzero", "dict/atoms_recovered",
                "dict/best_cosine_mean"};
        Map<String, Double> m = result.metrics();
        for (String key : keys) {
            Double v = m.get(key);
            if (v != null) {
                out.printf(Locale.ROOT, "  %-24s %.5g%n", key, v);
            }
        }
        if (config.settings().has("model.target-sparsity")) {
            out.printf(Locale.ROOT, "  %-24s %.5g%n", "(target non-zero frac)", config.settings().number("model.target-sparsity"));
        }
        out.println("Artifacts: " + result.artifactUri());
        String uri = config.settings().string("tracking.uri");
        if (uri.startsWith("file:") || !uri.contains(":")) {
            String dir = uri.startsWith("file:") ? uri.substring("file:".length()) : uri;
            out.println("Browse:    MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri " + dir
                    + "     (or: vsc runs --experiment " + config.settings().string("experiment") + ")");
        }
        out.flush();
    }
}
