package org.vsclab.train;

/** A request, from another thread (e.g. a Ctrl-C handler), that a run stop after its current step. */
public final class StopSignal {

    private volatile String reason;

    /**
     * Requests a stop.
     *
     * @param why shown to the user and recorded, e.g. "interrupted (SIGINT)"
     */
    public void request(String why) {
        this.reason = why;
    }

    /** Returns whether a stop was requested. */
    public boolean requested() {
        return reason != null;
    }

    /** Throws {@link RunInterruptedException} if a stop was requested. */
    public void check() {
        String r = reason;
        if (r != null) {
            throw new RunInterruptedException(r);
        }
    }
}
