package org.vsclab.spi;

/**
 * A tracking store, chosen by the scheme of {@code tracking.uri} ({@code file:} for an MLflow
 * {@code mlruns/} directory). Starts runs and reads them back.
 */
public interface Tracker {

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
}
