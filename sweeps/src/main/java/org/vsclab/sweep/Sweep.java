package org.vsclab.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.vsclab.config.ConfigError;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * A sweep as its tracking store records it: the parent run, its plan and submissions (artifacts of
 * the parent), and the runs of its points (children, found by tag). Read-only; {@link SweepParent}
 * writes.
 */
public final class Sweep {

    /** The parent's artifact holding the plan. */
    public static final String PLAN = "sweep/plan.json";
    /** The parent's artifact holding the submissions. */
    public static final String SUBMISSIONS = "sweep/submissions.json";
    /** The parent's artifact holding the aggregate over seeds. */
    public static final String AGGREGATE = "sweep/aggregate.csv";

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final RunSummary parent;
    private final SweepPlan plan;
    private final List<Submission> submissions;
    private final List<RunSummary> experimentRuns;

    private Sweep(RunSummary parent, SweepPlan plan, List<Submission> submissions, List<RunSummary> experimentRuns) {
        this.parent = parent;
        this.plan = plan;
        this.submissions = List.copyOf(submissions);
        this.experimentRuns = List.copyOf(experimentRuns);
    }

    /**
     * Reads a sweep.
     *
     * @param catalog the store
     * @param parentIdOrPrefix the parent run's id, or a unique prefix of it
     * @return the sweep
     * @throws ConfigError if there is no such run or it is not a sweep's parent
     */
    public static Sweep load(RunCatalog catalog, String parentIdOrPrefix) {
        try {
            RunSummary parent = catalog.find(parentIdOrPrefix).orElseThrow(() -> new ConfigError("", "No run '"
                    + parentIdOrPrefix + "' in the tracking store; `vsc runs` lists the runs (use --uri for another store)."));
            return load(catalog, parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tracking store: " + e.getMessage(), e);
        } catch (IllegalArgumentException ambiguous) {
            throw new ConfigError("", ambiguous.getMessage(), ambiguous);
        }
    }

    /**
     * Reads the sweep whose parent this is.
     *
     * @param catalog the store
     * @param parent the parent run
     * @return the sweep
     * @throws ConfigError if the run is not a sweep's parent
     * @throws IOException if the store cannot be read
     */
    public static Sweep load(RunCatalog catalog, RunSummary parent) throws IOException {
        String where = "run " + parent.runId() + "'s " + PLAN;
        String planJson = catalog.artifact(parent, PLAN).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new ConfigError("", "Run " + parent.runId() + " (" + parent.runName() + ") is not the parent"
                        + " of a sweep made by `vsc sweep` (it has no " + PLAN + " artifact)."));
        SweepPlan plan = SweepPlan.fromJson(planJson, where);
        List<Submission> submissions = catalog.artifact(parent, SUBMISSIONS)
                .map(b -> submissions(new String(b, StandardCharsets.UTF_8), "run " + parent.runId() + "'s " + SUBMISSIONS))
                .orElse(List.of());
        return new Sweep(parent, plan, submissions, catalog.runs(Optional.of(parent.experimentName())));
    }

    /**
     * Finds the newest parent of the same sweep (same sweep id) in a plan's experiment.
     *
     * @param catalog the store
     * @param plan the plan
     * @return its parent run, if the sweep was created before
     * @throws IOException if the store cannot be read
     */
    public static Optional<RunSummary> findParent(RunCatalog catalog, SweepPlan plan) throws IOException {
        return catalog.runs(Optional.of(plan.experiment())).stream()
                .filter(r -> plan.sweepId().equals(r.tags().get(SweepTags.SWEEP_ID)))
                .max(Comparator.comparingLong(RunSummary::startTime));
    }

    static List<Submission> submissions(String json, String where) {
        try {
            List<Submission> list = GSON.fromJson(json, new TypeToken<List<Submission>>() {}.getType());
            return list == null ? List.of() : list;
        } catch (JsonParseException e) {
            throw new ConfigError("", where + " is not a list of sweep submissions: " + e.getMessage(), e);
        }
    }

    /** Returns the parent run as read. */
    public RunSummary parent() {
        return parent;
    }

    /** Returns the plan. */
    public SweepPlan plan() {
        return plan;
    }

    /** Returns the submissions, oldest first. */
    public List<Submission> submissions() {
        return submissions;
    }

    /**
     * Returns the runs of one point made by this sweep, newest first.
     *
     * @param point the point
     * @return the runs (children of the parent with the point's id)
     */
    public List<RunSummary> runsOf(SweepPoint point) {
        List<RunSummary> runs = new ArrayList<>();
        for (RunSummary r : experimentRuns) {
            if (parent.runId().equals(r.tags().get(SweepTags.PARENT)) && point.id().equals(r.tags().get(SweepTags.POINT_ID))) {
                runs.add(r);
            }
        }
        runs.sort(Comparator.comparingLong(RunSummary::startTime).reversed());
        return runs;
    }

    /**
     * Returns a FINISHED run of a point: one of this sweep's, else one of any sweep of the experiment
     * that ran exactly this point (same id), which this sweep then reuses instead of running again.
     *
     * @param point the point
     * @return the run, if the point has finished somewhere
     */
    public Optional<RunSummary> finishedRunOf(SweepPoint point) {
        Optional<RunSummary> own = runsOf(point).stream().filter(r -> r.status() == RunStatus.FINISHED).findFirst();
        if (own.isPresent()) {
            return own;
        }
        return experimentRuns.stream()
                .filter(r -> r.status() == RunStatus.FINISHED && point.id().equals(r.tags().get(SweepTags.POINT_ID)))
                .max(Comparator.comparingLong(RunSummary::startTime));
    }

    /** Returns the latest submission that launched a point, if any did. */
    public Optional<Submission> latestSubmission(int index) {
        for (int i = submissions.size() - 1; i >= 0; i--) {
            if (submissions.get(i).includes(index)) {
                return Optional.of(submissions.get(i));
            }
        }
        return Optional.empty();
    }

    /** Returns how often a point has been launched. */
    public int attempts(int index) {
        return latestSubmission(index).map(s -> s.attempts().get(index)).orElse(0);
    }

    /** Tells whether the sweep was cancelled. */
    public boolean cancelled() {
        return "true".equals(parent.tags().get(SweepTags.CANCELLED));
    }
}
