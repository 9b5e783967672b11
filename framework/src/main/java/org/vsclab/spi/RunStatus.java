package org.vsclab.spi;

/** A tracked run's status, with MLflow's integer codes. */
public enum RunStatus {
    /** Started and not yet ended. */
    RUNNING(1),
    /** Handed to a scheduler: a Slurm sweep's parent while its points are queued or running (no end time). */
    SCHEDULED(2),
    /** Ended normally. */
    FINISHED(3),
    /** Ended by an error (including a non-finite loss). */
    FAILED(4),
    /** Ended by the user (Ctrl-C, SIGTERM). */
    KILLED(5);

    private final int code;

    RunStatus(int code) {
        this.code = code;
    }

    /** Returns MLflow's integer code, as written in {@code meta.yaml}. */
    public int code() {
        return code;
    }

    /**
     * Returns the status with the given MLflow code.
     *
     * @param code 1 to 5
     * @return the status
     */
    public static RunStatus fromCode(int code) {
        for (RunStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown MLflow run status code " + code);
    }
}
