package org.vsclab.sweep;

/**
 * What a launcher knows of one point's task.
 *
 * @param phase where the task is
 * @param ref the task's name for the user, e.g. "Slurm 12_3" or "process 4242"
 * @param state the scheduler's own word for it, e.g. "PENDING", "FAILED", "exit 1"
 * @param reason why, when the scheduler says (e.g. "Priority", "TimeLimit"), or ""
 */
public record TaskState(Phase phase, String ref, String state, String reason) {

    /** Where a task is. */
    public enum Phase {
        /** Waiting to start. */
        QUEUED,
        /** Started and not ended. */
        RUNNING,
        /** Ended (completed, failed, cancelled, timed out ...). */
        ENDED
    }

    /** Describes the task, e.g. "Slurm 12_3 PENDING (Priority)". */
    public String describe() {
        return ref + " " + state + (reason.isBlank() || reason.equals("None") ? "" : " (" + reason + ")");
    }
}
