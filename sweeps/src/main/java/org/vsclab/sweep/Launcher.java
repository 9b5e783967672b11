package org.vsclab.sweep;

import java.io.IOException;
import java.util.Map;

/**
 * Starts the points of a sweep somewhere, and tells what it knows of them later. Each point runs as
 * {@code vsc sweep task <parent> <index>} in a process of its own (DJL allows one gradient collector
 * per JVM), which records the point's run in the sweep's store; the launcher only decides where and
 * when those processes run.
 */
public interface Launcher {

    /** Returns the launcher's name, as {@code --launcher} takes it. */
    String name();

    /**
     * Tells whether {@link #launch} returns only when its points have ended, holding the parent run
     * meanwhile (the local launcher), rather than once they are queued (Slurm).
     */
    boolean blocking();

    /**
     * Launches the points of a submission.
     *
     * @param launch what to run and how
     * @return the submission as launched (with the scheduler's job ids)
     * @throws IOException if the tasks cannot be started or submitted
     */
    Submission launch(Launch launch) throws IOException;

    /**
     * Returns what this launcher knows of a submission's tasks, by point index; a point it knows
     * nothing of (a Slurm job long gone, a local launcher that has exited) is absent.
     *
     * @param sweep the sweep
     * @param submission one of its submissions made with this launcher
     * @return the tasks' states
     * @throws IOException if the scheduler cannot be asked
     */
    Map<Integer, TaskState> tasks(Sweep sweep, Submission submission) throws IOException;

    /**
     * Stops the tasks of a submission (queued ones never start; running ones are asked to stop, so
     * their runs end KILLED with a checkpoint).
     *
     * @param sweep the sweep
     * @param submission one of its submissions made with this launcher
     * @throws IOException if the scheduler cannot be asked
     */
    void cancel(Sweep sweep, Submission submission) throws IOException;
}
