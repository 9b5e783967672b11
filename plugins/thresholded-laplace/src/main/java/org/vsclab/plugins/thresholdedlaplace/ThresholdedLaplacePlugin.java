package org.vsclab.plugins.thresholdedlaplace;

import org.vsclab.config.Settings;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.LocationScaleFamilies;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code thresholded-laplacian} prior. */
public final class ThresholdedLaplacePlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "thresholded-laplacian", Factory.class);
    }

    /**
     * Builds the family from {@code priors.thresholded-laplacian}: a Laplace(0, b_p) prior, λ fixed,
     * calibrated (λ = b_p·ln(1/p)) or learned, the gradient estimator and the noise warm-up.
     */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "Laplace posterior through a shifted soft threshold: exactly sparse codes, Laplace(0, b_p) prior, λ fixed, calibrated or learned (Gamma)";
        }

        @Override
        public VariationalFamily create(Settings settings, BuildContext context) {
            return LocationScaleFamilies.thresholded(settings, context, new LaplaceBase(settings.positive("prior-scale")));
        }
    }
}
