package org.vsclab.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.vsclab.cli.Vsc;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;
import org.vsclab.train.StopSignal;

/**
 * What the {@code vsc sweep} commands do, for every launcher: submit a grid (validated in full
 * before anything is recorded; the same grid again is the same sweep, so no FINISHED point runs
 * twice), reconcile it, resume what did not finish (at most {@code max-retries} more times per
 * point; a point with a checkpoint continues from it), and cancel it.
 */
public final class SweepService {

    /** How often a cancel looks whether the stopped points have ended. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final ComponentRegistry registry;
    private final VscProcess vsc;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * What a launch may change.
     *
     * @param launcher {@code local} or {@code slurm}; empty: the sweep's last launcher, else local
     * @param parallel the concurrency cap; empty: the launcher's setting
     * @param maxRetries re-submissions allowed per point; empty: {@code launchers.max-retries}
     * @param launcherOverrides {@code launchers.*=value} overrides
     * @param echo whether the local launcher echoes its points' output
     */
    public record Options(Optional<String> launcher, OptionalInt parallel, OptionalInt maxRetries,
            List<String> launcherOverrides, boolean echo) {

        /** Copies the list. */
        public Options {
            launcherOverrides = List.copyOf(launcherOverrides);
        }
    }

    /**
     * What a command ended with.
     *
     * @param parentRunId the sweep's parent run
     * @param status the sweep's reconciled state
     * @param submission the submission it made, if any
     * @param exitCode what {@code vsc} exits with
     */
    public record Outcome(String parentRunId, SweepStatus status, Optional<Submission> submission, int exitCode) {}

    /**
     * Creates the service.
     *
     * @param registry the loaded plugins
     * @param vsc how to start {@code vsc} in a new JVM (for the points)
     * @param out standard output
     * @param err standard error (progress)
     */
    public SweepService(ComponentRegistry registry, VscProcess vsc, PrintWriter out, PrintWriter err) {
        this.registry = registry;
        this.vsc = vsc;
        this.out = out;
        this.err = err;
    }

    /**
     * Submits a grid: validates every point, creates the parent run (or finds the sweep this grid
     * already is) and launches the points that have not finished.
     *
     * @param file the experiment file
     * @param overrides command-line overrides
     * @param axes {@code --sweep} axes
     * @param seeds {@code --seeds}, 0 for none
     * @param options launcher choices
     * @param stop stops a blocking launch
     * @return the outcome
     */
    public Outcome submit(Optional<Path> file, List<String> overrides, List<String> axes, int seeds, Options options,
            StopSignal stop) {
        ConfigLoader loader = new ConfigLoader(registry.classLoader());
        ExperimentConfig base = loader.load(file, overrides);
        LauncherSettings settings = LauncherSettings.of(loader, LauncherSettings.render(base.resolved()), options.launcherOverrides());
        String launcherName = options.launcher().orElse(LocalLauncher.NAME);
        launcher(launcherName, settings);                 // an unknown launcher fails before the grid is built
        SweepGrid grid = SweepGrid.of(base, axes, seeds);
        long started = System.nanoTime();
        err.println("Validating " + grid.describe() + " (" + String.join(", ", grid.axes().keySet()) + ") ...");
        err.flush();
        SweepPlan plan = SweepPlan.build(registry, file, overrides, grid, line -> {});
        err.printf(Locale.ROOT, "Validated %d points in %.1f s.%n", plan.points().size(), (System.nanoTime() - started) / 1e9);
        try (Tracker tracker = openTracker(plan.trackingUri())) {
            Optional<RunSummary> existing = Sweep.findParent(tracker.catalog(), plan);
            if (existing.isPresent()) {
                out.println("This grid is sweep " + existing.get().runId() + " (" + existing.get().runName() + "), created "
                        + Instant.ofEpochMilli(existing.get().startTime()) + "; resuming it: points that FINISHED are not run again.");
                return resume(tracker, Sweep.load(tracker.catalog(), existing.get()), settings,
                        new Options(Optional.of(launcherName), options.parallel(), options.maxRetries(), List.of(), options.echo()),
                        stop);
            }
            SweepParent parent = SweepParent.start(tracker, plan, "vsc sweep submit " + file.map(Path::toString).orElse("")
                    + " --launcher " + launcherName);
            Sweep sweep = Sweep.load(tracker.catalog(), parent.id());
            Map<Integer, Integer> attempts = new TreeMap<>();
            for (SweepPoint p : plan.points()) {
                if (sweep.finishedRunOf(p).isEmpty()) {
                    attempts.put(p.index(), 1);
                }
            }
            if (attempts.size() < plan.points().size()) {
                out.println((plan.points().size() - attempts.size()) + " of " + plan.points().size() + " points FINISHED already"
                        + " in earlier sweeps of experiment '" + plan.experiment() + "' and are reused, not run again.");
            }
            return launch(tracker, parent, sweep, launcherName, settings, attempts, options, stop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tracking store " + plan.trackingUri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Re-submits the points of a sweep that are neither finished nor in flight.
     *
     * @param tracker the store
     * @param parentId the parent run's id or prefix
     * @param options launcher choices and {@code launchers.*} overrides
     * @param stop stops a blocking launch
     * @return the outcome
     */
    public Outcome resume(Tracker tracker, String parentId, Options options, StopSignal stop) {
        Sweep sweep = Sweep.load(tracker.catalog(), parentId);
        LauncherSettings settings = LauncherSettings.of(new ConfigLoader(registry.classLoader()), sweep.plan().launchers(),
                options.launcherOverrides());
        try {
            return resume(tracker, sweep, settings, options, stop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tracking store " + tracker.uri() + ": " + e.getMessage(), e);
        }
    }

    private Outcome resume(Tracker tracker, Sweep sweep, LauncherSettings settings, Options options, StopSignal stop)
            throws IOException {
        refuseIfHeld(sweep);
        SweepStatus status = reconciler(settings, tracker).reconcile(sweep);
        int maxRetries = options.maxRetries().orElse(settings.maxRetries());
        Map<Integer, Integer> attempts = new TreeMap<>();
        List<PointStatus> exhausted = new ArrayList<>();
        for (PointStatus p : status.points()) {
            if (p.state() == PointState.FINISHED || p.state().inFlight()) {
                continue;
            }
            if (p.attempts() >= 1 + maxRetries) {
                exhausted.add(p);
            } else {
                attempts.put(p.point().index(), p.attempts() + 1);
            }
        }
        out.println("Sweep " + sweep.parent().runId() + ": " + status.summary() + ".");
        for (PointStatus p : exhausted) {
            out.println("  not retried: " + p.point().label() + " (" + p.state().label() + " after " + p.attempts()
                    + " attempts; --max-retries " + maxRetries + ")");
        }
        String launcherName = options.launcher().orElse(sweep.submissions().isEmpty() ? LocalLauncher.NAME
                : sweep.submissions().get(sweep.submissions().size() - 1).launcher());
        if (attempts.isEmpty()) {
            record(tracker, sweep, status);
            out.println(status.inFlight() ? "Nothing to resume: the unfinished points are still pending or running."
                    : "Nothing to resume.");
            return new Outcome(sweep.parent().runId(), status, Optional.empty(), exhausted.isEmpty() ? 0 : Vsc.FAILED);
        }
        SweepParent parent = SweepParent.reopen(tracker, sweep);
        if (sweep.cancelled()) {
            parent.setTags(Map.of(SweepTags.CANCELLED, "false"));     // resumed: it ends by its points again
        }
        Sweep reread = Sweep.load(tracker.catalog(), parent.id());
        out.println("Resuming " + attempts.size() + " of " + status.points().size() + " points with the " + launcherName
                + " launcher (a point with a checkpoint continues from it).");
        return launch(tracker, parent, reread, launcherName, settings, attempts, options, stop);
    }

    /** Launches points; a blocking launcher returns when they ended, Slurm once they are queued. */
    private Outcome launch(Tracker tracker, SweepParent parent, Sweep sweep, String launcherName, LauncherSettings settings,
            Map<Integer, Integer> attempts, Options options, StopSignal stop) throws IOException {
        Launcher launcher = launcher(launcherName, settings);
        Reconciler reconciler = reconciler(settings, tracker, launcher);
        SweepPlan plan = sweep.plan();
        if (attempts.isEmpty()) {
            SweepStatus status = reconciler.reconcile(Sweep.load(tracker.catalog(), parent.id()));
            parent.recordState(status);
            parent.end(status.endStatus(false));
            out.println("Every point of sweep " + parent.id() + " has FINISHED; nothing to run.");
            return new Outcome(parent.id(), status, Optional.empty(), 0);
        }
        int parallel = options.parallel().orElse(launcher.blocking() ? settings.localParallel() : settings.slurm().parallel());
        if (parallel < (launcher.blocking() ? 1 : 0)) {
            throw new ConfigError("launchers", "--parallel must be at least " + (launcher.blocking() ? 1 : 0) + ", not " + parallel + ".");
        }
        Submission submission = new Submission(parent.nextSubmission(), launcherName, Instant.now().toString(), attempts, null,
                null, logDir(parent, launcherName, settings).toString(), parallel);
        parent.recordSubmission(submission);
        if (!launcher.blocking()) {
            return submitted(tracker, parent, plan, launcher, reconciler, submission, stop);
        }
        return runHere(tracker, parent, plan, launcher, reconciler, submission, options, stop);
    }

    private Outcome submitted(Tracker tracker, SweepParent parent, SweepPlan plan, Launcher launcher, Reconciler reconciler,
            Submission submission, StopSignal stop) throws IOException {
        Submission launched;
        try {
            launched = launcher.launch(new Launch(plan, parent.id(), submission, vsc, stop, err, false, Launch.NO_LISTENER));
        } catch (IOException e) {
            parent.forget(submission);
            SweepStatus status = reconciler.reconcile(Sweep.load(tracker.catalog(), parent.id()));
            parent.recordState(status);
            parent.end(status.inFlight() ? RunStatus.SCHEDULED : status.endStatus(false));
            throw new UncheckedIOException("the sweep's points were not submitted: " + e.getMessage()
                    + " (the parent run " + parent.id() + " records the sweep; `vsc sweep resume " + parent.id()
                    + "` submits it again)", e);
        }
        parent.recordSubmission(launched);
        SweepStatus status = reconciler.reconcile(Sweep.load(tracker.catalog(), parent.id()));
        parent.recordState(status);
        parent.end(RunStatus.SCHEDULED);
        out.println("Parent run: " + parent.id());
        out.println("Slurm job: " + launched.job() + " (array " + SlurmLauncher.arraySpec(launched.attempts().keySet())
                + (launched.parallel() > 0 ? "%" + launched.parallel() : "") + ", " + launched.attempts().size()
                + " points); collector job " + launched.collector() + " reconciles the sweep when the array has ended.");
        out.println("Logs:      " + launched.logDir());
        out.println("Watch:     vsc sweep status " + parent.id() + " --uri " + plan.trackingUri() + " [--watch 60]");
        out.println("Cancel:    vsc sweep cancel " + parent.id() + " --uri " + plan.trackingUri());
        out.flush();
        return new Outcome(parent.id(), status, Optional.of(launched), 0);
    }

    private Outcome runHere(Tracker tracker, SweepParent parent, SweepPlan plan, Launcher launcher, Reconciler reconciler,
            Submission submission, Options options, StopSignal stop) throws IOException {
        int total = plan.points().size();
        out.println("Sweep " + parent.id() + " (experiment '" + plan.experiment() + "'): " + submission.attempts().size() + " of "
                + total + " points, " + submission.parallel() + " at a time, each in its own process; logs in "
                + submission.logDir());
        out.flush();
        Launch.Listener listener = new Launch.Listener() {
            @Override
            public synchronized void started(SweepPoint point, String ref, Path log) {
                out.println("[" + (point.index() + 1) + "/" + total + "] " + point.label() + ": started (" + ref + ")");
                out.flush();
            }

            @Override
            public synchronized void ended(SweepPoint point, int exitCode, Duration took) {
                try {
                    SweepStatus status = reconciler.reconcile(Sweep.load(tracker.catalog(), parent.id()));
                    parent.recordState(status);
                    PointStatus p = status.points().get(point.index());
                    out.println("[" + (point.index() + 1) + "/" + total + "] " + point.label() + ": " + p.state().name()
                            + " in " + duration(took) + p.run().map(r -> " (run " + r.runId().substring(0, 8) + ")").orElse("")
                            + (p.state() == PointState.FINISHED || p.detail().isBlank() ? "" : ": " + p.detail()));
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    err.println("warning: could not record the sweep's progress after " + point.label() + ": " + e.getMessage());
                }
            }
        };
        launcher.launch(new Launch(plan, parent.id(), submission, vsc, stop, out, options.echo(), listener));
        SweepStatus status = reconciler.reconcile(Sweep.load(tracker.catalog(), parent.id()));
        parent.recordState(status);
        parent.end(status.endStatus(stop.requested()));
        int exit = stop.requested() ? Vsc.KILLED : status.allFinished() ? 0 : Vsc.FAILED;
        return new Outcome(parent.id(), status, Optional.of(submission), exit);
    }

    /**
     * Reconciles a sweep and records the result on its parent (unless a live launcher holds it, or
     * nothing changed).
     *
     * @param tracker the store
     * @param parentId the parent run's id or prefix
     * @return the outcome
     */
    public Outcome status(Tracker tracker, String parentId) {
        Sweep sweep = Sweep.load(tracker.catalog(), parentId);
        LauncherSettings settings = LauncherSettings.of(new ConfigLoader(registry.classLoader()), sweep.plan().launchers(), List.of());
        try {
            SweepStatus status = reconciler(settings, tracker).reconcile(sweep);
            record(tracker, sweep, status);
            return new Outcome(sweep.parent().runId(), status, Optional.empty(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reconcile sweep " + sweep.parent().runId() + ": " + e.getMessage(), e);
        }
    }

    private void record(Tracker tracker, Sweep sweep, SweepStatus status) {
        if (held(sweep)) {
            return;
        }
        RunStatus target = targetStatus(sweep, status);
        if (SweepParent.upToDate(sweep, status, target)) {
            return;
        }
        SweepParent parent = SweepParent.reopen(tracker, sweep);
        parent.recordState(status);
        parent.end(target);
    }

    /**
     * Cancels a sweep: its queued points never start, its running points are asked to stop (their
     * runs end KILLED with a checkpoint); waits for them, marks what is left KILLED, ends the parent.
     *
     * @param tracker the store
     * @param parentId the parent run's id or prefix
     * @param wait how long to wait for running points to stop
     * @return the outcome
     */
    public Outcome cancel(Tracker tracker, String parentId, Duration wait) {
        Sweep sweep = Sweep.load(tracker.catalog(), parentId);
        LauncherSettings settings = LauncherSettings.of(new ConfigLoader(registry.classLoader()), sweep.plan().launchers(), List.of());
        Map<String, Launcher> launchers = launchers(settings);
        try {
            for (Submission s : sweep.submissions()) {
                launchers.get(s.launcher()).cancel(sweep, s);
            }
            for (PointStatus p : new Reconciler(launchers, null).reconcile(sweep).points()) {
                p.run().filter(r -> r.status() == RunStatus.RUNNING).flatMap(RunLiveness::process).ifPresent(ProcessHandle::destroy);
            }
            Instant deadline = Instant.now().plus(wait);
            SweepStatus status;
            while (true) {
                launchers.values().stream().filter(SlurmLauncher.class::isInstance).map(SlurmLauncher.class::cast)
                        .forEach(SlurmLauncher::refresh);
                sweep = Sweep.load(tracker.catalog(), sweep.parent());
                status = new Reconciler(launchers, null).reconcile(sweep);
                if ((!status.inFlight() && !held(sweep)) || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
            status = new Reconciler(launchers, tracker).reconcile(sweep);
            if (!held(sweep)) {
                SweepParent parent = SweepParent.reopen(tracker, sweep);
                parent.setTags(Map.of(SweepTags.CANCELLED, "true"));
                parent.recordState(status);
                parent.end(status.inFlight() ? RunStatus.KILLED : status.endStatus(true));
            }
            return new Outcome(sweep.parent().runId(), status, Optional.empty(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cancel sweep " + sweep.parent().runId() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigError("", "interrupted while waiting for sweep " + sweep.parent().runId() + "'s points to stop");
        }
    }

    /** The parent is RUNNING and its process (a local launcher, or a reconciler on another host) may be alive. */
    private static boolean held(Sweep sweep) {
        return sweep.parent().status() == RunStatus.RUNNING && RunLiveness.lost(sweep.parent()).isEmpty();
    }

    private static void refuseIfHeld(Sweep sweep) {
        if (held(sweep)) {
            RunSummary p = sweep.parent();
            throw new ConfigError("", "Sweep " + p.runId() + " is being run by process " + p.tags().get(RunLiveness.PID) + " on "
                    + p.tags().get(RunLiveness.HOST) + "; wait for it to end, or stop it first (vsc sweep cancel " + p.runId() + ").");
        }
    }

    /** While points are in flight, a parent held by no process is SCHEDULED (Slurm) or KILLED (its local launcher died). */
    private static RunStatus targetStatus(Sweep sweep, SweepStatus status) {
        if (!status.inFlight()) {
            return status.endStatus(sweep.cancelled());
        }
        boolean scheduled = status.points().stream().filter(p -> p.state().inFlight())
                .anyMatch(p -> sweep.latestSubmission(p.point().index()).map(s -> s.launcher().equals(SlurmLauncher.NAME)).orElse(false));
        return scheduled ? RunStatus.SCHEDULED : RunStatus.KILLED;
    }

    private Path logDir(SweepParent parent, String launcherName, LauncherSettings settings) {
        String sub = launcherName.equals(SlurmLauncher.NAME) ? "slurm" : "logs";
        if (launcherName.equals(SlurmLauncher.NAME) && settings.slurm().logDir().isPresent()) {
            return Path.of(settings.slurm().logDir().get()).resolve(parent.id()).toAbsolutePath();
        }
        return parent.localArtifactRoot().map(root -> root.resolve(sub))
                .orElse(Path.of("sweep-logs", parent.id(), sub)).toAbsolutePath();
    }

    private Launcher launcher(String name, LauncherSettings settings) {
        Launcher l = launchers(settings).get(name);
        if (l == null) {
            throw new ConfigError("launchers", "Unknown launcher '" + name + "'; choose " + LocalLauncher.NAME + " or "
                    + SlurmLauncher.NAME + ".");
        }
        return l;
    }

    private static Map<String, Launcher> launchers(LauncherSettings settings) {
        return Map.of(LocalLauncher.NAME, new LocalLauncher(), SlurmLauncher.NAME, new SlurmLauncher(settings.slurm()));
    }

    private static Reconciler reconciler(LauncherSettings settings, Tracker tracker) {
        return new Reconciler(launchers(settings), tracker);
    }

    /** A reconciler that asks this launcher (which knows its own processes) about its submissions. */
    private static Reconciler reconciler(LauncherSettings settings, Tracker tracker, Launcher launcher) {
        Map<String, Launcher> launchers = new java.util.HashMap<>(launchers(settings));
        launchers.put(launcher.name(), launcher);
        return new Reconciler(launchers, tracker);
    }

    /**
     * Opens the tracking store at a URI, as {@code vsc runs --uri} does.
     *
     * @param uri the URI, or null for the default ({@code $MLFLOW_TRACKING_URI}, else {@code file:./mlruns})
     * @return the tracker
     */
    public Tracker openTracker(String uri) {
        List<String> overrides = uri == null ? List.of() : List.of("tracking.uri=" + uri);
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), overrides);
        return new ExperimentBuilder(registry).openTracker(config);
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
