package org.vsclab.plugins.laplace;

import org.vsclab.config.Settings;
import org.vsclab.family.Ramp;
import org.vsclab.family.ThresholdSetting;
import org.vsclab.family.ThresholdedFamily;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.VariationalFamily;

/**
 * Builds the thresholded Laplacian from {@code priors.thresholded-laplacian}: prior scale, λ (fixed or
 * calibrated from the target sparsity), gradient estimator and noise warm-up.
 */
public final class ThresholdedLaplaceFactory implements ComponentFactory<VariationalFamily> {

    @Override
    public String description() {
        return "Laplace posterior through a shifted soft threshold: exactly sparse codes, Laplace(0, b_p) prior, λ fixed or calibrated";
    }

    @Override
    public VariationalFamily create(Settings settings, BuildContext context) {
        Laplace base = new Laplace(settings.positive("prior-scale"));
        ThresholdSetting threshold = ThresholdSetting.read(settings, base);
        String estimatorName = settings.string("estimator");
        GradientEstimator estimator = context.build(ComponentKind.ESTIMATOR, estimatorName, settings.path("estimator"));
        Ramp warmup = Ramp.read(settings.at("warmup"));
        return new ThresholdedFamily(base, threshold.lambda(), estimator, warmup);
    }
}
