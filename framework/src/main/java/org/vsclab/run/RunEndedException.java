package org.vsclab.run;

import java.util.Optional;
import org.vsclab.spi.RunStatus;
import org.vsclab.train.TrainingPosition;

/**
 * A tracked run ended FAILED or KILLED; carries the run's identity so the user can find what was
 * recorded (metrics so far, the last checkpoint) and the cause.
 */
public final class RunEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final RunStatus status;
    private final String artifactUri;
    private final transient Optional<TrainingPosition> checkpoint;

    /**
     * Creates the exception.
     *
     * @param runId the run's id
     * @param status FAILED or KILLED
     * @param artifactUri where its artifacts (and last checkpoint) are
     * @param checkpoint where the last checkpoint kept stands, if one was written
     * @param cause what ended it
     */
    public RunEndedException(String runId, RunStatus status, String artifactUri, Optional<TrainingPosition> checkpoint,
            Throwable cause) {
        super("Run " + runId + " ended " + status + ": " + cause.getMessage(), cause);
        this.runId = runId;
        this.status = status;
        this.artifactUri = artifactUri;
        this.checkpoint = checkpoint;
    }

    /** Returns where the last checkpoint kept stands, if the run wrote one. */
    public Optional<TrainingPosition> checkpoint() {
        return checkpoint;
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
