package org.vsclab.train;

/**
 * When the trainer checkpoints: at the end of every {@code everyEpochs} epochs (and of the last), every
 * {@code everySteps} steps and every {@code everyMinutes} minutes within an epoch, and when a stop is
 * requested. Zero turns a rule off.
 *
 * @param everyEpochs epochs between epoch-end checkpoints (≥ 1)
 * @param everySteps steps between mid-epoch checkpoints, or 0
 * @param everyMinutes minutes between mid-epoch checkpoints, or 0
 */
public record CheckpointPolicy(int everyEpochs, long everySteps, double everyMinutes) {

    /** Validates. */
    public CheckpointPolicy {
        if (everyEpochs < 1 || everySteps < 0 || !(everyMinutes >= 0)) {
            throw new IllegalArgumentException("checkpoint policy needs every-epochs ≥ 1 and non-negative intervals");
        }
    }

    /** Every epoch and every ten minutes: a killed run loses at most ten minutes of work. */
    public static CheckpointPolicy defaults() {
        return new CheckpointPolicy(1, 0, 10);
    }

    /** Returns whether an epoch end (epoch index, 0-based) gets a checkpoint. */
    boolean atEpochEnd(int epoch, int epochs) {
        return (epoch + 1) % everyEpochs == 0 || epoch == epochs - 1;
    }

    /** Returns whether a mid-epoch checkpoint is due after a step. */
    boolean midEpoch(long stepsTaken, long nanosSinceLast) {
        return (everySteps > 0 && stepsTaken % everySteps == 0)
                || (everyMinutes > 0 && nanosSinceLast >= everyMinutes * 60e9);
    }
}
