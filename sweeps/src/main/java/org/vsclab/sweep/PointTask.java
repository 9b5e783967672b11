package org.vsclab.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.vsclab.cli.TrackedRunExecution;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunResult;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;

/**
 * Runs one point of a sweep in this process (what every launcher's task does): reads the point from
 * the parent's plan and records its run as a child of the parent, with the sweep's tags. A point that
 * already FINISHED is not run again; one whose run is alive elsewhere is not run twice; one whose
 * earlier run stopped after a checkpoint (failed, killed, lost) continues that run ({@code vsc
 * resume}) rather than starting over; otherwise a new run starts from the frozen configuration.
 */
public final class PointTask {

    private final ComponentRegistry registry;

    /**
     * Creates the task runner.
     *
     * @param registry the loaded plugins
     */
    public PointTask(ComponentRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs a point.
     *
     * @param tracker the sweep's store
     * @param parentId the parent run's id
     * @param index the point's index
     * @param attempt which attempt this is
     * @param out standard output (the run's summary)
     * @param err standard error (progress, endings)
     * @param progress whether to draw a progress bar
     * @return the exit code: 0 finished (or already), 1 failed or already running, 130 killed
     */
    public int run(Tracker tracker, String parentId, int index, int attempt, PrintWriter out, PrintWriter err, boolean progress) {
        Sweep sweep = Sweep.load(tracker.catalog(), parentId);
        SweepPoint point = sweep.plan().point(index);
        String what = "Point " + (index + 1) + "/" + sweep.plan().points().size() + " (" + point.label() + ") of sweep "
                + sweep.parent().runId();
        Optional<RunSummary> finished = sweep.finishedRunOf(point);
        if (finished.isPresent()) {
            out.println(what + " already FINISHED in run " + finished.get().runId() + "; it is not run again.");
            return 0;
        }
        List<RunSummary> runs = sweep.runsOf(point);
        Optional<RunSummary> alive = runs.stream().filter(r -> r.status() == RunStatus.RUNNING && RunLiveness.lost(r).isEmpty())
                .findFirst();
        if (alive.isPresent()) {
            err.println("error: " + what + " is being run by run " + alive.get().runId() + " (process "
                    + alive.get().tags().get(RunLiveness.PID) + " on " + alive.get().tags().get(RunLiveness.HOST)
                    + "); it is not run twice.");
            return org.vsclab.cli.Vsc.FAILED;
        }
        Map<String, String> tags = SweepTags.child(sweep.parent().runId(), point, attempt, slurmTask());
        Optional<RunSummary> resumable = runs.stream().findFirst().filter(r -> hasCheckpoint(tracker, r));
        return TrackedRunExecution.execute(err, progress, context -> {
            long started = System.nanoTime();
            ExperimentRunner runner = new ExperimentRunner(registry, context.listeners(), context.stop());
            RunResult result;
            if (resumable.isPresent()) {
                err.println(what + ", attempt " + attempt + ": continuing run " + resumable.get().runId() + " from its last checkpoint.");
                result = runner.resume(tracker, resumable.get().runId(), tags);
            } else {
                err.println(what + ", attempt " + attempt + ": starting a new run.");
                result = runner.run(frozen(sweep.plan(), point), tags);
            }
            TrackedRunExecution.printSummary(out, result, (System.nanoTime() - started) / 1e9, OptionalDouble.empty(),
                    tracker.uri(), sweep.plan().experiment());
            return 0;
        });
    }

    private static boolean hasCheckpoint(Tracker tracker, RunSummary run) {
        try {
            return ExperimentRunner.hasCheckpoint(tracker.catalog(), run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run " + run.runId() + ": " + e.getMessage(), e);
        }
    }

    /** The Slurm array task this process runs as, if it does. */
    private static String slurmTask() {
        String job = System.getenv("SLURM_ARRAY_JOB_ID");
        String task = System.getenv("SLURM_ARRAY_TASK_ID");
        return job == null || task == null ? null : job + "_" + task;
    }

    /** The point's configuration as validated, with its origin (file and overrides) for provenance. */
    private ExperimentConfig frozen(SweepPlan plan, SweepPoint point) {
        try {
            Path file = Files.createTempFile("vsc-sweep-point", ".conf");
            try {
                Files.writeString(file, point.config(), StandardCharsets.UTF_8);
                ExperimentConfig loaded = new ConfigLoader(registry.classLoader()).load(Optional.of(file), List.of());
                List<String> overrides = new ArrayList<>(plan.overrides());
                overrides.addAll(point.overrides());
                return new ExperimentConfig(loaded.resolved(), Optional.ofNullable(plan.file()).map(Path::of), overrides);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the point's configuration: " + e.getMessage(), e);
        }
    }
}
