package org.vsclab.family;

import org.vsclab.config.Settings;

/**
 * How a thresholded family's λ is chosen: fixed ({@code lambda = 0.25}) or calibrated so that the
 * thresholded prior has a target fraction of non-zeros ({@code lambda = null}, {@code target-sparsity =
 * 0.1}; method.md §9).
 *
 * @param lambda the threshold in use
 * @param calibrated whether it was calibrated
 * @param targetSparsity the target non-zero fraction when calibrated (NaN otherwise)
 */
public record ThresholdSetting(double lambda, boolean calibrated, double targetSparsity) {

    /**
     * Reads the setting from a family's subtree.
     *
     * @param settings the family's settings, with keys {@code lambda} and {@code target-sparsity}
     * @param base the base distribution, for calibration
     * @return the setting
     */
    public static ThresholdSetting read(Settings settings, LocationScaleBase base) {
        if (settings.has("lambda")) {
            double lambda = settings.nonNegative("lambda");
            return new ThresholdSetting(lambda, false, Double.NaN);
        }
        double p = settings.openUnit("target-sparsity");
        return new ThresholdSetting(base.calibrate(p), true, p);
    }
}
