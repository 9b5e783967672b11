package org.vsclab.sweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vsclab.run.Provenance;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;

/**
 * The parent run of a sweep, open for writing: created with the plan, reopened by every command
 * that changes the sweep (a submission, a reconciliation, a cancel), and ended again — FINISHED,
 * FAILED or KILLED once no point is in flight, or SCHEDULED while a scheduler holds its points
 * (no process of VSC Lab then writes it).
 */
public final class SweepParent {

    private final TrackedRun run;
    private final List<Submission> submissions;
    private final Map<String, Double> logged;
    private final Map<String, String> tags;

    private SweepParent(TrackedRun run, List<Submission> submissions, Map<String, Double> logged, Map<String, String> tags) {
        this.run = run;
        this.submissions = new ArrayList<>(submissions);
        this.logged = new HashMap<>(logged);
        this.tags = new HashMap<>(tags);
    }

    /**
     * Starts the parent run of a new sweep: tags, the grid as params, the plan as an artifact.
     *
     * @param tracker the store
     * @param plan the validated plan
     * @param command the command that created it, for {@code mlflow.source.name}
     * @return the open parent
     */
    public static SweepParent start(Tracker tracker, SweepPlan plan, String command) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("mlflow.source.name", command);
        tags.put(SweepTags.SWEEP, plan.axes().toString());
        tags.put(SweepTags.SWEEP_ID, plan.sweepId());
        tags.put(SweepTags.POINTS, Integer.toString(plan.points().size()));
        tags.putAll(Provenance.processTags());
        TrackedRun run = tracker.startRun(new RunSpec(plan.experiment(), plan.experiment() + "-sweep", tags));
        Map<String, String> params = new LinkedHashMap<>();
        plan.axes().forEach((k, v) -> params.put("sweep." + k, String.join(",", v)));
        run.logParams(params);
        run.logArtifact(Sweep.PLAN, plan.toJson().getBytes(StandardCharsets.UTF_8));
        return new SweepParent(run, List.of(), Map.of(), tags);
    }

    /**
     * Reopens the parent of a sweep to change it; this process then holds it until {@link #end}.
     *
     * @param tracker the store
     * @param sweep the sweep as read
     * @return the open parent
     */
    public static SweepParent reopen(Tracker tracker, Sweep sweep) {
        TrackedRun run = tracker.reopenRun(sweep.parent().runId(), Optional.empty());
        run.setTags(Provenance.processTags());
        return new SweepParent(run, sweep.submissions(), sweep.parent().metrics(), sweep.parent().tags());
    }

    /** Returns the parent run's id. */
    public String id() {
        return run.id();
    }

    /** Returns the local folder of the parent's artifacts, if the store has one. */
    public Optional<Path> localArtifactRoot() {
        return run.localArtifactRoot();
    }

    /** Returns the submissions so far, oldest first. */
    public List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    /** Returns the number the next submission gets. */
    public int nextSubmission() {
        return submissions.isEmpty() ? 1 : submissions.get(submissions.size() - 1).number() + 1;
    }

    /**
     * Records a submission, or replaces the one with its number (once the scheduler gave its job id).
     *
     * @param submission the submission
     */
    public void recordSubmission(Submission submission) {
        submissions.removeIf(s -> s.number() == submission.number());
        submissions.add(submission);
        submissions.sort(java.util.Comparator.comparingInt(Submission::number));
        writeSubmissions();
        Map<String, String> t = new LinkedHashMap<>();
        t.put(SweepTags.LAUNCHER, submission.launcher());
        String jobs = String.join(",", submissions.stream().map(Submission::job).filter(Objects::nonNull).toList());
        if (!jobs.isEmpty()) {
            t.put(SweepTags.SLURM_JOBS, jobs);
        }
        setTags(t);
    }

    /** Forgets a submission that could not be launched. */
    public void forget(Submission submission) {
        submissions.removeIf(s -> s.number() == submission.number());
        writeSubmissions();
    }

    private void writeSubmissions() {
        run.logArtifact(Sweep.SUBMISSIONS, Sweep.GSON.toJson(submissions).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records the sweep's state: the points' counts as a tag, the aggregate as metrics (only values
     * that changed, at step = the number of finished points) and as {@code sweep/aggregate.csv}.
     *
     * @param status the reconciled state
     */
    public void recordState(SweepStatus status) {
        setTags(Map.of(SweepTags.STATE, status.summary()));
        Map<String, Double> changed = new LinkedHashMap<>();
        status.aggregate().parentMetrics().forEach((k, v) -> {
            Double before = logged.get(k);
            if (before == null || Double.compare(before, v) != 0) {
                changed.put(k, v);
            }
        });
        if (!changed.isEmpty()) {
            run.logMetrics(changed, status.counts().getOrDefault(PointState.FINISHED, 0));
            logged.putAll(changed);
            run.logArtifact(Sweep.AGGREGATE, status.aggregate().csv().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Tells whether the parent as read already shows a state: its status, the points' counts and the
     * aggregate. A reconciliation that changes nothing then writes nothing (so watching a sweep does
     * not grow its history).
     *
     * @param sweep the sweep as read
     * @param status the reconciled state
     * @param target the status the parent should have
     * @return whether nothing needs writing
     */
    public static boolean upToDate(Sweep sweep, SweepStatus status, RunStatus target) {
        RunSummary p = sweep.parent();
        if (p.status() != target || !status.summary().equals(p.tags().get(SweepTags.STATE))) {
            return false;
        }
        for (Map.Entry<String, Double> e : status.aggregate().parentMetrics().entrySet()) {
            Double before = p.metrics().get(e.getKey());
            if (before == null || Double.compare(before, e.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets tags that changed.
     *
     * @param changes the tags
     */
    public void setTags(Map<String, String> changes) {
        Map<String, String> changed = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            if (!v.equals(tags.get(k))) {
                changed.put(k, v);
            }
        });
        if (!changed.isEmpty()) {
            run.setTags(changed);
            tags.putAll(changed);
        }
    }

    /**
     * Ends this process's hold on the parent.
     *
     * @param status FINISHED, FAILED or KILLED; SCHEDULED while a scheduler holds points
     */
    public void end(RunStatus status) {
        run.end(status);
    }
}
