package org.vsclab.spi;

/**
 * Where a run is in its schedule, for warm-ups, temperature schedules and annealing.
 *
 * @param step the global training iteration, starting at 0
 * @param totalSteps the number of iterations the run will make
 * @param epoch the current epoch, starting at 0
 */
public record TrainingClock(long step, long totalSteps, int epoch) {

    /** A clock for evaluation after training (fraction 1). */
    public static TrainingClock finished(long totalSteps, int epochs) {
        return new TrainingClock(totalSteps, totalSteps, epochs);
    }

    /** Returns step / totalSteps, in [0, 1]. */
    public double fraction() {
        return totalSteps <= 0 ? 1.0 : Math.min(1.0, (double) step / totalSteps);
    }
}
