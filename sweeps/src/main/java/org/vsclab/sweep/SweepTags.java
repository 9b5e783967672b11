package org.vsclab.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that make a sweep readable by any MLflow client and by {@code vsc report}: the parent's
 * grid and identity, and on every child its point, its identity and its group (the point without the
 * seed), so runs can be found and grouped by tag alone.
 */
public final class SweepTags {

    /** Parent: the grid, e.g. {@code {model.prior=[gaussian, laplacian], seed=[0, 1]}}. */
    public static final String SWEEP = "vsc.sweep";
    /** Parent: the sweep's identity (a hash of its point ids). */
    public static final String SWEEP_ID = "vsc.sweep.id";
    /** Parent: the number of points. */
    public static final String POINTS = "vsc.sweep.points";
    /** Parent: the launcher of the latest submission. */
    public static final String LAUNCHER = "vsc.sweep.launcher";
    /** Parent: the points' states, e.g. "3 finished, 1 running". */
    public static final String STATE = "vsc.sweep.state";
    /** Parent: set when the sweep was cancelled. */
    public static final String CANCELLED = "vsc.sweep.cancelled";
    /** Parent: the Slurm array jobs that ran its points, comma-separated. */
    public static final String SLURM_JOBS = "vsc.slurm.jobs";

    /** MLflow's parent link, on every child. */
    public static final String PARENT = "mlflow.parentRunId";
    /** Child: the point's overrides, space-separated. */
    public static final String POINT = "vsc.sweep.point";
    /** Child: the point's identity. */
    public static final String POINT_ID = "vsc.sweep.point-id";
    /** Child: the point's index in the grid. */
    public static final String INDEX = "vsc.sweep.index";
    /** Child: the identity of the point's group (the point without its seed). */
    public static final String GROUP = "vsc.sweep.group";
    /** Child: the group's overrides as text. */
    public static final String GROUP_LABEL = "vsc.sweep.group-label";
    /** Child: which attempt at the point this run is (1 = the first). */
    public static final String ATTEMPT = "vsc.sweep.attempt";
    /** Child: the Slurm array task that ran it, {@code <array job>_<index>}. */
    public static final String SLURM_TASK = "vsc.slurm.task";
    /** The tag a run ends with when it is known to be lost; its value starts with {@value #LOST_PREFIX}. */
    public static final String END_REASON = org.vsclab.run.ExperimentRunner.END_REASON_TAG;
    /** How the end reason of a lost run starts (as the tracking store's own reaper writes it). */
    public static final String LOST_PREFIX = "lost: ";

    private SweepTags() {}

    /**
     * Returns the tags of a point's run.
     *
     * @param parentRunId the parent run's id
     * @param point the point
     * @param attempt which attempt this is
     * @param slurmTask the Slurm task running it, or null
     * @return the tags
     */
    public static Map<String, String> child(String parentRunId, SweepPoint point, int attempt, String slurmTask) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PARENT, parentRunId);
        tags.put(POINT, point.label());
        tags.put(POINT_ID, point.id());
        tags.put(INDEX, Integer.toString(point.index()));
        tags.put(GROUP, point.group());
        tags.put(GROUP_LABEL, point.groupLabel());
        tags.put(ATTEMPT, Integer.toString(attempt));
        if (slurmTask != null) {
            tags.put(SLURM_TASK, slurmTask);
        }
        return tags;
    }
}
