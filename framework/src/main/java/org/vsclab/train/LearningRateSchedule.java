package org.vsclab.train;

/** The encoder's learning rate as a function of the iteration. */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * Returns the learning rate.
     *
     * @param step the iteration, from 0
     * @param totalSteps the run's length
     * @return the rate
     */
    double at(long step, long totalSteps);

    /**
     * A constant rate.
     *
     * @param rate the rate
     * @return the schedule
     */
    static LearningRateSchedule constant(double rate) {
        return (step, total) -> rate;
    }

    /**
     * The one-cycle schedule of method.md §11: a linear warm-up over the first 5 % from lr/25 to lr,
     * then a cosine anneal to lr/(25·10⁴).
     *
     * @param rate the peak (base) rate
     * @return the schedule
     */
    static LearningRateSchedule oneCycle(double rate) {
        double start = rate / 25;
        double end = rate / (25 * 1e4);
        return (step, total) -> {
            double warm = 0.05 * total;
            if (step < warm) {
                return start + (rate - start) * step / warm;
            }
            double progress = total - warm <= 0 ? 1 : (step - warm) / (total - warm);
            return end + (rate - end) * (1 + Math.cos(Math.PI * Math.min(1, progress))) / 2;
        };
    }
}
