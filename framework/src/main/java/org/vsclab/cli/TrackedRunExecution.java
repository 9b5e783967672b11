package org.vsclab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.vsclab.config.ConfigError;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.run.RunEndedException;
import org.vsclab.run.RunResult;
import org.vsclab.spi.RunStatus;
import org.vsclab.train.NonFiniteValueException;
import org.vsclab.train.StopSignal;
import org.vsclab.train.TrainingListener;

/**
 * How {@code vsc run} and {@code vsc resume} execute a tracked run: Ctrl-C and SIGTERM request a stop
 * (the run checkpoints after its current step and ends KILLED), a progress bar, and at the end either
 * the run's summary or how it ended, where its checkpoint is and the command that continues it.
 * Public for the commands of other modules that run a tracked run (a sweep's points).
 */
public final class TrackedRunExecution {

    /**
     * What the run body gets.
     *
     * @param stop requested by Ctrl-C / SIGTERM; pass it to the runner
     * @param listeners the progress bar; pass them to the runner
     */
    public record Context(StopSignal stop, List<TrainingListener> listeners) {}

    private TrackedRunExecution() {}

    /**
     * Executes a run (or a sweep of runs) with the stop signal installed.
     *
     * @param err standard error (progress, endings)
     * @param progress whether to draw a live progress bar (else one line per epoch)
     * @param body runs with the stop signal and listeners, prints its results, returns the exit code
     * @return the body's exit code, or {@link Vsc#FAILED} / {@link Vsc#KILLED} if a run ended so
     */
    public static int execute(PrintWriter err, boolean progress, Function<Context, Integer> body) {
        StopSignal stop = new StopSignal();
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.request("interrupted by the user (Ctrl-C / SIGTERM)");
            try {
                ended.await(10, TimeUnit.MINUTES);   // the run checkpoints after its current step or validation batch
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vsc-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.apply(new Context(stop, List.of(new ProgressBar(err, progress && System.console() != null))));
        } catch (RunEndedException e) {
            printEnding(err, e);
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

    /** Prints how a run ended, where its checkpoint is and how to continue it. */
    public static void printEnding(PrintWriter err, RunEndedException e) {
        Throwable cause = e.getCause();
        err.println();
        err.println("Run " + e.runId() + " ended " + e.status() + ": " + cause.getMessage());
        err.println("Everything logged so far is kept" + e.checkpoint()
                .map(p -> "; its last checkpoint (after step " + p.step() + ") is in " + e.artifactUri()
                        + "/checkpoints/last/. Continue it with: vsc resume " + e.runId())
                .orElse(" (no checkpoint was written)") + ".");
        boolean explained = cause instanceof NonFiniteValueException || cause instanceof UncheckedIOException
                || cause instanceof ConfigError || e.status() == RunStatus.KILLED;
        if (!explained) {
            cause.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * Prints a finished run's summary: id, status, duration, the main metrics, where its artifacts are.
     *
     * @param out standard output
     * @param result the run
     * @param seconds its wall time
     * @param targetSparsity the prior's calibration target, printed for comparison, if known
     * @param trackingUri the store, to say how to browse it
     * @param experiment the experiment's name
     */
    public static void printSummary(PrintWriter out, RunResult result, double seconds, java.util.OptionalDouble targetSparsity,
            String trackingUri, String experiment) {
        out.printf(Locale.ROOT, "%nRun %s (%s) %s in %s%n", result.runId(), result.runName(), result.status(),
                ProgressBar.duration(seconds));
        Map<String, Double> m = result.metrics();
        for (String key : SUMMARY_KEYS) {
            Double v = m.get(key);
            if (v != null) {
                out.printf(Locale.ROOT, "  %-24s %.5g%n", key, v);
            }
        }
        targetSparsity.ifPresent(p -> out.printf(Locale.ROOT, "  %-24s %.5g%n", "(target non-zero frac)", p));
        out.println("Artifacts: " + result.artifactUri());
        if (ExperimentBuilder.trackerScheme(trackingUri).equals("file")) {
            String dir = trackingUri.regionMatches(true, 0, "file:", 0, 5) ? trackingUri.substring("file:".length()) : trackingUri;
            out.println("Browse:    MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri " + dir
                    + "     (or: vsc runs" + (experiment.isBlank() ? "" : " --experiment " + experiment) + ")");
        }
        out.flush();
    }

    /** The metrics a finished run's summary shows, in order. */
    public static final List<String> SUMMARY_KEYS = List.of("val/loss", "val/recon", "val/kl", "val/nonzero_frac", "val/l0",
            "val/posterior_nonzero", "dict/atoms_recovered", "dict/best_cosine_mean");
}
