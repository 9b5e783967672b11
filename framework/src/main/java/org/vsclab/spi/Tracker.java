package org.vsclab.spi;

import java.util.Optional;

/**
 * A tracking store, chosen by the scheme of {@code tracking.uri} ({@code file:} for an MLflow
 * {@code mlruns/} directory). Starts runs and reads them back.
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

    /** Delivers whatever is still queued and releases the store's resources; the default does nothing. */
    @Override
    default void close() {}
}
