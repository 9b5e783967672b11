package org.vsclab.plugins.thresholdedgaussian;

import org.vsclab.config.Settings;
import org.vsclab.family.GaussianBase;
import org.vsclab.family.LocationScaleFamilies;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code thresholded-gaussian} prior. */
public final class ThresholdedGaussianPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "thresholded-gaussian", Factory.class);
    }

    /** Builds the family from {@code priors.thresholded-gaussian}. */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "Gaussian posterior through a shifted soft threshold: exactly sparse codes, N(0, s_p) prior, λ fixed, calibrated or learned (Gamma)";
        }

        @Override
        public VariationalFamily create(Settings settings, BuildContext context) {
            return LocationScaleFamilies.thresholded(settings, context, new GaussianBase(settings.positive("prior-variance")));
        }
    }
}
