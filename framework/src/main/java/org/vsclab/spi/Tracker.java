package org.vsclab.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A tracking store, chosen by the scheme of {@code tracking.uri} ({@code file:} for an MLflow
 * {@code mlruns/} directory, {@code http:}/{@code https:} for an MLflow tracking server). Starts
 * and reopens runs and reads them back through its {@link #catalog()}.
 *
 * <p>The contract every tracker keeps (the testkit's {@code TrackerConformance} checks it):
 *
 * <ul>
 *   <li><b>A run id at once.</b> {@link #startRun} returns a run with its id without waiting for a
 *       remote store (a server tracker records locally first and delivers in the background).
 *   <li><b>Transport failures never reach training.</b> A server that is down, slow or refusing
 *       makes the tracker queue and retry; the run's methods fail only for the caller's own errors
 *       (an invalid key, a changed param, a full local disk).
 *   <li><b>A lifecycle.</b> {@link #close()} delivers what is queued (within a bounded wait) and
 *       releases threads and connections; what it could not deliver stays queued for the next run
 *       or {@code vsc sync}.
 *   <li><b>Large artifacts are streamed</b> from files ({@link TrackedRun#logArtifact(String,
 *       java.nio.file.Path)}).
 *   <li><b>Reopening</b> a run continues it without duplicating its history ({@link #reopenRun}).
 *   <li><b>Lost runs</b> (whose process died) can be marked KILLED ({@link #reapLost}).
 * </ul>
 */
public interface Tracker extends AutoCloseable {

    /** Returns the store's URI as configured. */
    String uri();

    /**
     * Starts a run with status RUNNING, creating its experiment if needed.
     *
     * @param spec experiment, run name and initial tags
     * @return the live run
     */
    TrackedRun startRun(RunSpec spec);

    /** Returns read access to the runs in this store. */
    RunCatalog catalog();

    /**
     * Reopens an existing run to continue it (as {@code vsc resume} does): its status becomes RUNNING
     * again and its end time is cleared; with a history mark, every metric value recorded after the
     * mark was taken is removed, so the continued run's history has no duplicates.
     *
     * @param runId the run's full id
     * @param historyMark a mark from {@link TrackedRun#historyMark()} of this run, or empty to keep
     *     the whole history
     * @return the live run
     * @throws IllegalArgumentException if the store has no such run or the mark is not this store's
     */
    TrackedRun reopenRun(String runId, Optional<String> historyMark);

    /**
     * Marks every RUNNING run whose process is known to have died as KILLED, with the time it was
     * last seen alive as end time and the reason in the {@code vsc.end.reason} tag. Stores that
     * cannot tell (no heartbeats) mark nothing; this default does nothing.
     *
     * @param experiment only runs of this experiment (by name), or all when empty
     * @return the runs marked, as they were read before
     * @throws IOException if the store cannot be read or written
     */
    default List<RunSummary> reapLost(Optional<String> experiment) throws IOException {
        return List.of();
    }

    /** Delivers whatever is still queued and releases the store's resources; the default does nothing. */
    @Override
    default void close() {}
}
