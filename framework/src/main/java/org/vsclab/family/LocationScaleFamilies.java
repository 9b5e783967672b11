package org.vsclab.family;

import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.VariationalFamily;

/**
 * Builds location-scale families from the settings every such plugin shares, so that a plugin only
 * supplies its {@link LocationScaleBase}:
 *
 * <pre>
 * lambda = null                  # a number fixes λ; null calibrates it to target-sparsity
 * target-sparsity = ${model.target-sparsity}
 * estimator = "straight"         # straight | straight-pure | subgradient
 * warmup { enabled, from, to, begin, end }
 * learned-threshold { enabled = false, prior-shape = 3, kl-weight = 0.1 }
 * scale-bounds = null           # or { min, max }: a bounded scale link ({@link ScaleBounds}); optional
 * </pre>
 */
public final class LocationScaleFamilies {

    private LocationScaleFamilies() {}

    /**
     * Builds a thresholded family.
     *
     * @param s the family's settings
     * @param context access to the estimator registry
     * @param base the distribution-specific part
     * @return the family
     */
    public static VariationalFamily thresholded(Settings s, BuildContext context, LocationScaleBase base) {
        // Every key is read before anything is built, so that a plugin whose reference.conf lacks some
        // hears of all of them at once (MissingKeys); the estimator, built by name, comes last.
        ThresholdSetting setting = ThresholdSetting.read(s, base);
        String estimatorName = s.string("estimator");
        Ramp warmup = Ramp.read(s.at("warmup"));
        ScaleBounds bounds = ScaleBounds.read(s);
        Settings learned = s.at("learned-threshold");
        Threshold threshold = new FixedThreshold(setting.lambda());
        if (learned.bool("enabled")) {
            if (!(setting.lambda() > 0)) {
                throw s.invalid("lambda", "positive when the threshold is learned (it is the Gamma prior's mean)",
                        String.valueOf(setting.lambda()));
            }
            threshold = new LearnedThreshold(setting.lambda(), learned.positive("prior-shape"), learned.nonNegative("kl-weight"));
        }
        GradientEstimator estimator = context.build(ComponentKind.ESTIMATOR, estimatorName, s.path("estimator"));
        if (!estimator.exact()) {
            throw s.invalid("estimator", "an estimator that keeps exact samples (straight, straight-pure or subgradient)",
                    '"' + estimatorName + '"');
        }
        return new ThresholdedFamily(base, threshold, estimator, warmup, bounds);
    }

    /**
     * Builds a dense family (no threshold).
     *
     * @param s the family's settings ({@code warmup} and the optional {@code scale-bounds} are read)
     * @param base the distribution-specific part
     * @return the family
     */
    public static VariationalFamily dense(Settings s, LocationScaleBase base) {
        return new DenseFamily(base, Ramp.read(s.at("warmup")), ScaleBounds.read(s));
    }
}
