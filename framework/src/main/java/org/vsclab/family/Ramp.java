package org.vsclab.family;

import org.vsclab.config.Settings;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;

/**
 * A linear ramp from {@code from} to {@code to} between two points of the run: the Laplace noise
 * warm-up (method.md §11: 0.1 to 1 from iteration 1500 at 2e-4 per iteration, i.e. until 6000) and
 * similar schedules. At evaluation the ramp is at its end value.
 *
 * @param from the value before {@code begin}
 * @param to the value from {@code end} on, and at evaluation
 * @param begin where the ramp starts
 * @param end where the ramp reaches {@code to}
 */
public record Ramp(double from, double to, StepPoint begin, StepPoint end) {

    /** A ramp that is always at {@code value}. */
    public static Ramp constant(double value) {
        return new Ramp(value, value, new StepPoint(0, 0, false), new StepPoint(0, 0, false));
    }

    /**
     * Returns the value for the context: the end value at evaluation.
     *
     * @param context the sampling context
     * @return the ramp's value
     */
    public double value(SamplingContext context) {
        return context.training() ? value(context.clock()) : to;
    }

    /**
     * Returns the value at a point of training.
     *
     * @param clock where the run is
     * @return the ramp's value
     */
    public double value(TrainingClock clock) {
        long b = begin.resolve(clock.totalSteps());
        long e = end.resolve(clock.totalSteps());
        if (clock.step() < b) {
            return from;
        }
        if (clock.step() >= e) {
            return to;
        }
        return from + (to - from) * (clock.step() - b) / (double) (e - b);
    }

    /**
     * Reads a ramp: {@code { enabled, from, to, begin, end }}; disabled means always {@code to}.
     *
     * @param settings the ramp's subtree
     * @return the ramp
     */
    public static Ramp read(Settings settings) {
        double to = settings.number("to");
        if (!settings.bool("enabled")) {
            return constant(to);
        }
        double from = settings.number("from");
        StepPoint begin = StepPoint.read(settings, "begin");
        StepPoint end = StepPoint.read(settings, "end");
        if (begin.relative() == end.relative()
                && (begin.relative() ? begin.fraction() > end.fraction() : begin.steps() > end.steps())) {
            throw settings.invalid("end", "at or after " + settings.path("begin") + " (" + begin + ")", end.toString());
        }
        return new Ramp(from, to, begin, end);
    }
}
