package org.vsclab.sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vsclab.cli.TrackedRunExecution;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import org.vsclab.cli.VscSession;
import org.vsclab.spi.Tracker;
import org.vsclab.sweep.LocalLauncher;
import org.vsclab.sweep.PointState;
import org.vsclab.sweep.PointTask;
import org.vsclab.sweep.SweepService;
import org.vsclab.sweep.SweepStatus;
import org.vsclab.sweep.VscProcess;
import org.vsclab.train.StopSignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc sweep submit|status|resume|cancel}: grids of runs as child runs of one parent, on this
 * machine (each point in its own process) or as one Slurm job array.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a grid of experiments as child runs of one parent run, on this machine or on a Slurm cluster;",
                "watch it, resume what did not finish, cancel it. The grid is the file's sweep { } plus --sweep and --seeds.",
                "Example: vsc sweep submit conf/experiments/compare-priors.conf --seeds 3 --launcher slurm --parallel 8"},
        subcommands = {SweepCommand.Submit.class, SweepCommand.Status.class, SweepCommand.Resume.class, SweepCommand.Cancel.class,
                SweepCommand.Task.class})
public final class SweepCommand implements VscCommand {

    @ParentCommand
    Vsc vsc;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: submit, status, resume or cancel.");
    }

    VscSession session() {
        return vsc.session();
    }

    SweepService service() {
        VscSession s = session();
        return new SweepService(s.registry(), VscProcess.current(s.pluginDirectories()), s.out(), s.err());
    }

    /**
     * Runs a launch with Ctrl-C and SIGTERM stopping it (a local launcher then stops its points), and
     * prints its outcome.
     *
     * @param launch the launch, given the stop signal
     * @return its exit code
     */
    int launching(Function<StopSignal, SweepService.Outcome> launch) {
        VscSession s = session();
        return TrackedRunExecution.execute(s.err(), false, context -> report(s.out(), launch.apply(context.stop()),
                SweepTables.DEFAULT_METRICS));
    }

    /** The launch options shared by submit and resume. */
    static class LaunchOptions {
        @Option(names = "--parallel", paramLabel = "N",
                description = "At most N points at once (local default: launchers.local.parallel = 1; Slurm: the array's %%N"
                        + " throttle, default launchers.slurm.parallel = 0, none).")
        Integer parallel;

        @Option(names = "--max-retries", paramLabel = "N",
                description = "Re-submit a point that did not finish at most N times (default launchers.max-retries = 2).")
        Integer maxRetries;

        @Option(names = "--quiet", description = "Local launcher: print one line per point, not the points' own output.")
        boolean quiet;

        SweepService.Options options(Optional<String> launcher, List<String> launcherOverrides) {
            return new SweepService.Options(launcher, parallel == null ? OptionalInt.empty() : OptionalInt.of(parallel),
                    maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries), launcherOverrides, !quiet);
        }
    }

    /** The {@code --uri} of commands that name a sweep by its parent run. */
    static class StoreOption {
        @Option(names = "--uri", paramLabel = "URI",
                description = "Tracking store of the sweep. Default: $MLFLOW_TRACKING_URI, else file:./mlruns.")
        String uri;
    }

    /** {@code vsc sweep submit}. */
    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Validate every point of a grid, record the parent run and launch the points that have not FINISHED",
                    "(the same grid again resumes its sweep). local: runs them here and waits; slurm: submits one job array and",
                    "returns at once with the parent run and the Slurm job."})
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(index = "0", paramLabel = "EXPERIMENT.conf", description = "The experiment file (HOCON).")
        Path file;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides of config keys, for every point.")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...", description = "An axis of the grid (repeatable), added to the file's sweep { }.")
        List<String> axes = new ArrayList<>();

        @Option(names = "--seeds", paramLabel = "N", description = "Repeat every point with N seeds: seed, seed+1, ...")
        int seeds;

        @Option(names = "--launcher", paramLabel = "NAME", defaultValue = "local",
                description = "local (this machine, each point in its own process) or slurm (one sbatch --array job). Default: local.")
        String launcher;

        @CommandLine.Mixin
        LaunchOptions launch = new LaunchOptions();

        @Override
        public Integer call() {
            SweepService service = sweep.service();
            return sweep.launching(stop -> service.submit(Optional.of(file), overrides, axes, seeds,
                    launch.options(Optional.of(launcher), List.of()), stop));
        }
    }

    /** {@code vsc sweep status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show each point's state (pending, running, finished, failed, killed, lost), reconciling the store",
                    "with the scheduler (a RUNNING run whose job or process is gone is marked KILLED as lost), and the mean",
                    "and std over seeds per group; records both on the parent run."})
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(index = "0", paramLabel = "PARENT-RUN", description = "The sweep's parent run id (or a unique prefix).")
        String parent;

        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--watch", paramLabel = "SECONDS",
                description = "Repeat every SECONDS until no point is pending or running; then exit 0 if every point finished, else 1.")
        Integer watch;

        @Option(names = "--metric", paramLabel = "KEY", description = "A metric column (repeatable). Default: val/loss,"
                + " val/recon, val/nonzero_frac, dict/atoms_recovered, dict/best_cosine_mean.")
        List<String> metrics = new ArrayList<>();

        @Override
        public Integer call() throws InterruptedException {
            SweepService service = sweep.service();
            PrintWriter out = sweep.session().out();
            List<String> shown = metrics.isEmpty() ? SweepTables.DEFAULT_METRICS : metrics;
            try (Tracker tracker = service.openTracker(store.uri)) {
                while (true) {
                    SweepService.Outcome o = service.status(tracker, parent);
                    out.println("Sweep " + o.parentRunId() + ": " + o.status().summary() + ".");
                    SweepTables.points(out, o.status(), shown);
                    SweepTables.aggregate(out, o.status(), shown);
                    out.flush();
                    if (watch == null) {
                        return 0;
                    }
                    if (!o.status().inFlight()) {
                        return o.status().allFinished() ? 0 : Vsc.FAILED;
                    }
                    Thread.sleep(Duration.ofSeconds(Math.max(1, watch)).toMillis());
                    out.println();
                }
            }
        }
    }

    /** {@code vsc sweep resume}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = {"Re-submit the points of a sweep that did not finish (failed, killed, lost, never started), at most",
                    "--max-retries more times each; a point whose run has a checkpoint continues it. Pending and running",
                    "points are left alone. Launcher settings may be changed: launchers.slurm.time=08:00:00."})
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(index = "0", paramLabel = "PARENT-RUN", description = "The sweep's parent run id (or a unique prefix).")
        String parent;

        @Parameters(index = "1..*", paramLabel = "launchers.KEY=VALUE", description = "Changed launcher settings.")
        List<String> overrides = new ArrayList<>();

        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--launcher", paramLabel = "NAME", description = "local or slurm. Default: the sweep's last launcher.")
        String launcher;

        @CommandLine.Mixin
        LaunchOptions launch = new LaunchOptions();

        @Override
        public Integer call() {
            SweepService service = sweep.service();
            try (Tracker tracker = service.openTracker(store.uri)) {
                return sweep.launching(stop -> service.resume(tracker, parent,
                        launch.options(Optional.ofNullable(launcher), overrides), stop));
            }
        }
    }

    /** {@code vsc sweep cancel}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a sweep: queued points never start, running ones stop after their current step (their runs",
                    "end KILLED with a checkpoint, so `vsc sweep resume` continues them); the parent ends KILLED."})
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(index = "0", paramLabel = "PARENT-RUN", description = "The sweep's parent run id (or a unique prefix).")
        String parent;

        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for running points to stop before marking them KILLED. Default: 120.")
        int wait;

        @Override
        public Integer call() {
            SweepService service = sweep.service();
            PrintWriter out = sweep.session().out();
            try (Tracker tracker = service.openTracker(store.uri)) {
                SweepService.Outcome o = service.cancel(tracker, parent, Duration.ofSeconds(wait));
                out.println("Sweep " + o.parentRunId() + " cancelled: " + o.status().summary() + ".");
                SweepTables.points(out, o.status(), SweepTables.DEFAULT_METRICS);
                return 0;
            }
        }
    }

    /** {@code vsc sweep task}: what each launcher's process runs (not for users). */
    @Command(name = "task", hidden = true, description = "Run one point of a sweep in this process (what the launchers start).")
    static final class Task implements Callable<Integer> {
        @ParentCommand
        SweepCommand sweep;

        @Parameters(index = "0", paramLabel = "PARENT-RUN")
        String parent;

        @Parameters(index = "1", paramLabel = "INDEX")
        int index;

        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--attempt", defaultValue = "1")
        int attempt;

        @Option(names = "--no-progress")
        boolean noProgress;

        @Override
        public Integer call() {
            VscSession session = sweep.session();
            SweepService service = sweep.service();
            try (Tracker tracker = service.openTracker(store.uri)) {
                return new PointTask(session.registry()).run(tracker, parent, index, attempt, session.out(), session.err(), !noProgress);
            }
        }
    }

    /** Prints a launch's outcome; returns its exit code. */
    static int report(PrintWriter out, SweepService.Outcome o, List<String> metrics) {
        boolean local = o.submission().map(s -> s.launcher().equals(LocalLauncher.NAME)).orElse(true);
        if (local || o.status().points().stream().anyMatch(p -> p.state() != PointState.PENDING)) {
            out.println();
            out.println("Sweep " + o.parentRunId() + ": " + o.status().summary() + ".");
            SweepTables.points(out, o.status(), metrics);
            SweepTables.aggregate(out, o.status(), metrics);
        }
        if (local) {
            out.println("Status: vsc sweep status " + o.parentRunId() + (hasFailures(o.status()) ? "   Resume: vsc sweep resume "
                    + o.parentRunId() : ""));
        }
        out.flush();
        return o.exitCode();
    }

    private static boolean hasFailures(SweepStatus status) {
        return status.points().stream().anyMatch(p -> p.state() != PointState.FINISHED);
    }
}
