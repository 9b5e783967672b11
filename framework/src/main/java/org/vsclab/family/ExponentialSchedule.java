package org.vsclab.family;

import org.vsclab.config.Settings;
import org.vsclab.spi.SamplingContext;

/**
 * A value decaying geometrically from {@code start} to a floor {@code min}: the spike-and-slab
 * temperature (method.md §7, §11: 1.0 × 0.9995 per iteration down to 0.5). The rate is given per
 * iteration ({@code decay}) as in the paper, or implied by the point of the run where the floor is
 * reached ({@code reach-min-at}, in iterations or as {@code "25%"}). At evaluation it is
 * {@code evaluation}.
 *
 * @param start the value at iteration 0
 * @param min the floor
 * @param decay the per-iteration factor (used when {@code reachMinAt} is null)
 * @param reachMinAt where the floor is reached, or null
 * @param evaluation the value at evaluation
 */
public record ExponentialSchedule(double start, double min, double decay, StepPoint reachMinAt, double evaluation) {

    /**
     * Returns the value for a context.
     *
     * @param context the sampling context
     * @return the value
     */
    public double value(SamplingContext context) {
        if (!context.training()) {
            return evaluation;
        }
        long step = context.clock().step();
        double rate = decay;
        if (reachMinAt != null) {
            long at = Math.max(1, reachMinAt.resolve(context.clock().totalSteps()));
            rate = Math.pow(min / start, 1.0 / at);
        }
        return Math.max(min, start * Math.pow(rate, step));
    }

    /**
     * Reads a schedule: {@code { start, min, decay, reach-min-at, evaluation }}.
     *
     * @param s the subtree
     * @return the schedule
     */
    public static ExponentialSchedule read(Settings s) {
        double start = s.positive("start");
        double min = s.positive("min");
        if (min > start) {
            throw s.invalid("min", "at most " + s.path("start") + " (" + start + ")", String.valueOf(min));
        }
        double decay = s.number("decay");
        if (!(decay > 0 && decay <= 1)) {
            throw s.invalid("decay", "a factor in (0, 1]", String.valueOf(decay));
        }
        StepPoint reach = s.has("reach-min-at") ? StepPoint.read(s, "reach-min-at") : null;
        return new ExponentialSchedule(start, min, decay, reach, s.positive("evaluation"));
    }
}
