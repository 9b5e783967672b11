package org.vsclab.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A run being recorded. Calls are cheap enough to make every step; implementations buffer and must
 * make everything logged so far durable on {@link #flush()} and {@link #end}.
 */
public interface TrackedRun {

    /** Returns the run's id (32 hex characters for MLflow stores). */
    String id();

    /** Returns the id of the experiment the run belongs to. */
    String experimentId();

    /** Returns where the run's artifacts live, as a URI string ({@code file:///...} for local stores). */
    String artifactUri();

    /**
     * Logs parameters; write-once: logging an existing key with a different value fails.
     *
     * @param params key to value; values longer than the store allows are shortened with a hash
     */
    void logParams(Map<String, String> params);

    /**
     * Logs metric values, all at the same step and timestamp.
     *
     * @param values key to value (NaN and infinities allowed)
     * @param step the global step
     */
    void logMetrics(Map<String, Double> values, long step);

    /**
     * Sets tags (overwriting earlier values).
     *
     * @param tags key to value
     */
    void setTags(Map<String, String> tags);

    /**
     * Stores an artifact, replacing any earlier one at the same path.
     *
     * @param relativePath a '/'-separated path under the run's artifact root, e.g. {@code config.conf}
     * @param content the bytes
     */
    void logArtifact(String relativePath, byte[] content);

    /**
     * Stores a file as an artifact, streamed (checkpoints can be large), replacing any earlier one.
     *
     * @param relativePath a '/'-separated path under the run's artifact root
     * @param file the file to copy
     */
    void logArtifact(String relativePath, Path file);

    /**
     * Returns the local folder that holds (or stages) this run's artifacts, when there is one: the
     * FileStore's artifact folder, or a server tracker's local copy. Checkpoints are written there.
     */
    Optional<Path> localArtifactRoot();

    /**
     * Makes everything logged so far durable and returns an opaque mark of how far the metric
     * history goes, for {@link Tracker#reopenRun} to cut the history back to (a checkpoint records it).
     *
     * @return the mark
     */
    String historyMark();

    /** Makes everything logged so far durable. */
    void flush();

    /**
     * Ends the run with a final status and an end time; further logging fails. SCHEDULED instead hands
     * the run over to a scheduler (a sweep parent whose points wait in Slurm's queue): this process
     * stops writing it, it keeps no end time, it is never taken for a run whose process died, and
     * whoever continues it reopens it ({@link Tracker#reopenRun}).
     *
     * @param status FINISHED, FAILED or KILLED; or SCHEDULED
     */
    void end(RunStatus status);
}
