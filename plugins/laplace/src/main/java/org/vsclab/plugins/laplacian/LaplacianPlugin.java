package org.vsclab.plugins.laplacian;

import org.vsclab.config.Settings;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.LocationScaleFamilies;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code laplacian} prior. */
public final class LaplacianPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "laplacian", Factory.class);
    }

    /** Builds the family from {@code priors.laplacian}. */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "plain Laplace posterior, Laplace(0, b_p) prior; dense codes";
        }

        @Override
        public VariationalFamily create(Settings settings, BuildContext context) {
            return LocationScaleFamilies.dense(settings, new LaplaceBase(settings.positive("prior-scale")));
        }
    }
}
