package org.vsclab.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;

/**
 * Tells what became of each point of a sweep by putting together what the store records (the
 * point's runs, with their status and the process that writes them) and what the launcher knows of
 * the point's task (the scheduler's queue, the local launcher's processes). A run left RUNNING
 * whose task or process is gone is <em>lost</em>: it is marked KILLED (with {@code vsc.end.reason =
 * "lost: ..."}), so the store stops claiming it runs and {@code vsc sweep resume} continues it.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Map<String, Launcher> launchers;
    private final Tracker tracker;

    /**
     * Creates a reconciler.
     *
     * @param launchers the launchers by name (each submission is asked of the launcher that made it)
     * @param tracker the store, to mark lost runs KILLED; null to only report them
     */
    public Reconciler(Map<String, Launcher> launchers, Tracker tracker) {
        this.launchers = Map.copyOf(launchers);
        this.tracker = tracker;
    }

    /**
     * Reconciles every point.
     *
     * @param sweep the sweep as read
     * @return the points' states and the aggregate
     * @throws IOException if the scheduler or the store cannot be asked
     */
    public SweepStatus reconcile(Sweep sweep) throws IOException {
        Map<Integer, Map<Integer, TaskState>> tasksBySubmission = new HashMap<>();
        List<PointStatus> points = new ArrayList<>();
        for (SweepPoint point : sweep.plan().points()) {
            Optional<Submission> submission = sweep.latestSubmission(point.index());
            Optional<TaskState> task = Optional.empty();
            Optional<String> launcher = submission.map(Submission::launcher);
            if (submission.isPresent()) {
                Map<Integer, TaskState> tasks = tasksBySubmission.get(submission.get().number());
                if (tasks == null) {
                    tasks = launcher(submission.get().launcher()).tasks(sweep, submission.get());
                    tasksBySubmission.put(submission.get().number(), tasks);
                }
                task = Optional.ofNullable(tasks.get(point.index()));
            }
            List<RunSummary> runs = sweep.runsOf(point);
            Optional<RunSummary> newest = runs.stream().findFirst();
            Verdict v = judge(sweep.finishedRunOf(point), newest, sweep.attempts(point.index()), launcher, task,
                    newest.flatMap(RunLiveness::lost));
            if (v.markLost() && newest.isPresent()) {
                markLost(newest.get(), v.detail());
            }
            String detail = v.detail();
            if (v.state() == PointState.FINISHED && v.run().isPresent()
                    && !sweep.parent().runId().equals(v.run().get().tags().get(SweepTags.PARENT))) {
                detail = "reused: the same point finished in sweep " + v.run().get().tags().get(SweepTags.PARENT);
            }
            points.add(new PointStatus(point, v.state(), v.run(), sweep.attempts(point.index()), detail));
        }
        return new SweepStatus(points, Aggregate.of(points));
    }

    private Launcher launcher(String name) {
        Launcher l = launchers.get(name);
        if (l == null) {
            throw new IllegalStateException("no launcher '" + name + "' to ask about its tasks (known: " + launchers.keySet() + ")");
        }
        return l;
    }

    private void markLost(RunSummary run, String reason) {
        if (tracker == null) {
            return;
        }
        try {
            TrackedRun reopened = tracker.reopenRun(run.runId(), Optional.empty());
            reopened.setTags(Map.of(SweepTags.END_REASON, SweepTags.LOST_PREFIX + reason));
            reopened.end(RunStatus.KILLED);
        } catch (RuntimeException e) {
            LOG.warn("Could not mark lost run {} KILLED: {}", run.runId(), e.toString());
        }
    }

    /**
     * What the reconciler concludes about one point.
     *
     * @param state the point's state
     * @param run the run that shows it
     * @param detail why, for the user
     * @param markLost whether the run must be marked KILLED as lost
     */
    record Verdict(PointState state, Optional<RunSummary> run, String detail, boolean markLost) {}

    /**
     * The rules, in order: a finished run decides; a run of the current attempt tells its own state
     * (unless it claims to run while its task or process is gone: lost); without one, the task tells
     * (queued: pending; running: starting; ended or forgotten: it failed to start a run, or was
     * cancelled before it began).
     *
     * @param finished a FINISHED run of the point (this sweep's or another's)
     * @param newest the point's newest run in this sweep
     * @param attempt the point's latest attempt (0: never launched)
     * @param launcher the launcher of that attempt
     * @param task what the launcher knows of that attempt's task
     * @param runLost why the newest run's process is known to be gone, if it is
     * @return the verdict
     */
    static Verdict judge(Optional<RunSummary> finished, Optional<RunSummary> newest, int attempt, Optional<String> launcher,
            Optional<TaskState> task, Optional<String> runLost) {
        if (finished.isPresent()) {
            return new Verdict(PointState.FINISHED, finished, "", false);
        }
        boolean slurm = launcher.filter(SlurmLauncher.NAME::equals).isPresent();
        Optional<TaskState.Phase> phase = task.map(TaskState::phase);
        if (newest.isPresent() && attemptOf(newest.get()) == attempt) {
            RunSummary r = newest.get();
            String reason = r.tags().getOrDefault(SweepTags.END_REASON, "");
            switch (r.status()) {
                case RUNNING -> {
                    if (runLost.isPresent()) {
                        return new Verdict(PointState.LOST, newest, runLost.get(), true);
                    }
                    boolean taskAlive = phase.filter(p -> p != TaskState.Phase.ENDED).isPresent();
                    if (slurm && !taskAlive) {
                        String gone = task.map(t -> t.ref() + " ended " + t.state()).orElse("its Slurm task is gone");
                        return new Verdict(PointState.LOST, newest, gone + " while the run was RUNNING", true);
                    }
                    return new Verdict(PointState.RUNNING, newest, task.map(TaskState::describe)
                            .orElse("process " + r.tags().getOrDefault(RunLiveness.PID, "?")), false);
                }
                case FAILED -> {
                    return new Verdict(PointState.FAILED, newest, reason, false);
                }
                case KILLED -> {
                    boolean lost = reason.startsWith(SweepTags.LOST_PREFIX);
                    return new Verdict(lost ? PointState.LOST : PointState.KILLED, newest,
                            lost ? reason.substring(SweepTags.LOST_PREFIX.length()) : reason, false);
                }
                default -> {
                    return new Verdict(PointState.PENDING, newest, r.status().name(), false);
                }
            }
        }
        if (phase.isPresent() && phase.get() == TaskState.Phase.QUEUED) {
            return new Verdict(PointState.PENDING, newest, task.get().describe(), false);
        }
        if (phase.isPresent() && phase.get() == TaskState.Phase.RUNNING) {
            return new Verdict(PointState.RUNNING, newest, task.get().describe() + ", starting", false);
        }
        if (attempt == 0) {
            return new Verdict(PointState.FAILED, newest, "never launched", false);
        }
        if (task.isPresent()) {
            TaskState t = task.get();
            if (t.state().equals("CANCELLED")) {
                return new Verdict(PointState.KILLED, newest, t.ref() + " was cancelled before it started its run", false);
            }
            return new Verdict(PointState.FAILED, newest, t.describe() + " without starting its run; see its log", false);
        }
        if (slurm) {
            return new Verdict(PointState.FAILED, newest, "its Slurm task is gone and left no run; see its log", false);
        }
        return new Verdict(PointState.KILLED, newest, "not started: the local launcher stopped before it", false);
    }

    /** Returns which attempt a run is (its {@code vsc.sweep.attempt} tag; 1 when absent). */
    static int attemptOf(RunSummary run) {
        try {
            return Integer.parseInt(run.tags().getOrDefault(SweepTags.ATTEMPT, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
