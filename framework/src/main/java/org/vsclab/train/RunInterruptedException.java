package org.vsclab.train;

/** The run was stopped by the user; it is marked KILLED. */
public final class RunInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the run stopped
     */
    public RunInterruptedException(String reason) {
        super(reason);
    }
}
