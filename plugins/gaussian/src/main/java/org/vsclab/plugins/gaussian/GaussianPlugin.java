package org.vsclab.plugins.gaussian;

import org.vsclab.config.Settings;
import org.vsclab.family.GaussianBase;
import org.vsclab.family.LocationScaleFamilies;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code gaussian} prior. */
public final class GaussianPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "gaussian", Factory.class);
    }

    /** Builds the family from {@code priors.gaussian}. */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "plain Gaussian posterior (the Gaussian VAE), N(0, s_p) prior; dense codes";
        }

        @Override
        public VariationalFamily create(Settings settings, BuildContext context) {
            return LocationScaleFamilies.dense(settings, new GaussianBase(settings.positive("prior-variance")));
        }
    }
}
