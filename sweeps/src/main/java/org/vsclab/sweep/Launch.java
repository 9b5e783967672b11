package org.vsclab.sweep;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vsclab.train.StopSignal;

/**
 * What a launcher is asked to run: the points of one submission of a sweep.
 *
 * @param plan the sweep's plan
 * @param parentRunId the parent run's id
 * @param submission the submission (points, attempts, log folder, concurrency cap)
 * @param vsc how to start {@code vsc} in a new JVM
 * @param stop a blocking launcher stops starting points and stops its running ones when this is requested
 * @param console where a blocking launcher echoes its points' output
 * @param echo whether it does
 * @param listener told when a blocking launcher's points start and end
 */
public record Launch(SweepPlan plan, String parentRunId, Submission submission, VscProcess vsc, StopSignal stop,
        PrintWriter console, boolean echo, Listener listener) {

    /** A listener that ignores everything (for launchers that do not block). */
    public static final Listener NO_LISTENER = new Listener() {
        @Override
        public void started(SweepPoint point, String ref, Path log) {}

        @Override
        public void ended(SweepPoint point, int exitCode, Duration took) {}
    };

    /** Told about a blocking launcher's points. */
    public interface Listener {

        /**
         * A point's process started.
         *
         * @param point the point
         * @param ref the process, e.g. "process 4242"
         * @param log where its output goes
         */
        void started(SweepPoint point, String ref, Path log);

        /**
         * A point's process ended.
         *
         * @param point the point
         * @param exitCode its exit code
         * @param took its wall time
         */
        void ended(SweepPoint point, int exitCode, Duration took);
    }

    /**
     * Returns the {@code vsc} arguments that run one point in a task.
     *
     * @param index the point's index (or a shell expansion that gives it)
     * @param attempt the attempt (or a shell expansion)
     * @return the arguments after the plugin directories
     */
    public List<String> taskArguments(String index, String attempt) {
        return List.of("sweep", "task", "--uri", plan.trackingUri(), parentRunId, index, "--attempt", attempt, "--no-progress");
    }
}
