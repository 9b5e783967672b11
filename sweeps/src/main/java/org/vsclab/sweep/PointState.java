package org.vsclab.sweep;

import java.util.Locale;

/** What became of a sweep point, reconciled from its runs and the scheduler's view of its task. */
public enum PointState {
    /** Waiting for the scheduler (or the local launcher) to start it. */
    PENDING,
    /** Its run is being recorded by a live process. */
    RUNNING,
    /** Its run ended FINISHED. */
    FINISHED,
    /** Its run ended FAILED, or its task ended without making a run. */
    FAILED,
    /** Stopped by the user: its run ended KILLED (resumable), or its task was cancelled before it began. */
    KILLED,
    /** Its run was RUNNING but the process or job behind it is gone; the run is now marked KILLED. */
    LOST;

    /** Tells whether the point still has something running or about to run. */
    public boolean inFlight() {
        return this == PENDING || this == RUNNING;
    }

    /** Returns the state as shown, e.g. "finished". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
