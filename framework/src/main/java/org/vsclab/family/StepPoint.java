package org.vsclab.family;

import org.vsclab.config.Settings;

/**
 * A point in a run, given either in iterations (as the paper does: {@code 1500}) or as a fraction of
 * the run ({@code "25%"}), so that a short run is not mostly warm-up.
 *
 * @param steps the iteration, when absolute
 * @param fraction the fraction of the run in [0, 1], when relative
 * @param relative whether the point is a fraction
 */
public record StepPoint(long steps, double fraction, boolean relative) {

    /**
     * Returns the iteration this point falls on.
     *
     * @param totalSteps the run's length
     * @return the iteration
     */
    public long resolve(long totalSteps) {
        return relative ? Math.round(fraction * totalSteps) : steps;
    }

    /**
     * Reads a step point: an integer number of iterations, or a percentage string such as {@code "25%"}.
     *
     * @param settings the subtree
     * @param key the key
     * @return the point
     */
    public static StepPoint read(Settings settings, String key) {
        String raw = settings.text(key, "an iteration count (e.g. 1500) or a percentage of the run (e.g. \"25%\")");
        if (raw.endsWith("%")) {
            try {
                double percent = Double.parseDouble(raw.substring(0, raw.length() - 1).trim());
                if (percent < 0 || percent > 100) {
                    throw settings.invalid(key, "a percentage between 0% and 100%", '"' + raw + '"');
                }
                return new StepPoint(0, percent / 100.0, true);
            } catch (NumberFormatException e) {
                throw settings.invalid(key, "an iteration count (e.g. 1500) or a percentage of the run (e.g. \"25%\")", '"' + raw + '"');
            }
        }
        try {
            long steps = Long.parseLong(raw);
            if (steps < 0) {
                throw settings.invalid(key, "an iteration count ≥ 0 or a percentage of the run", raw);
            }
            return new StepPoint(steps, 0, false);
        } catch (NumberFormatException e) {
            throw settings.invalid(key, "an iteration count (e.g. 1500) or a percentage of the run (e.g. \"25%\")", '"' + raw + '"');
        }
    }

    @Override
    public String toString() {
        return relative ? (fraction * 100) + "%" : Long.toString(steps);
    }
}
