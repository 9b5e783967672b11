package org.vsclab.run;

import org.vsclab.spi.RunStatus;

/**
 * A tracked run ended FAILED or KILLED; carries the run's identity so the user can find what was
 * recorded (metrics so far, the last checkpoint) and the cause.
 */
public final class RunEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final RunStatus status;
    private final String artifactUri;
    private final java.util.OptionalInt checkpointEpoch;

    /**
     * Creates the exception.
     *
     * @param runId the run's id
     * @param status FAILED or KILLED
     * @param artifactUri where its artifacts (and last checkpoint) are
     * @param checkpointEpoch the epoch of the last checkpoint kept, if one was written
     * @param cause what ended it
     */
    public RunEndedException(String runId, RunStatus status, String artifactUri, java.util.OptionalInt checkpointEpoch,
            Throwable cause) {
        super("Run " + runId + " ended " + status + ": " + cause.getMessage(), cause);
        this.runId = runId;
        this.status = status;
        this.artifactUri = artifactUri;
        this.checkpointEpoch = checkpointEpoch;
    }

    /** Returns the epoch (from 0) of the last checkpoint kept, if the run completed one. */
    public java.util.OptionalInt checkpointEpoch() {
        return checkpointEpoch;
    }

    /** Returns the run's id. */
    public String runId() {
        return runId;
    }

    /** Returns FAILED or KILLED. */
    public RunStatus status() {
        return status;
    }

    /** Returns where the run's artifacts are. */
    public String artifactUri() {
        return artifactUri;
    }
}
