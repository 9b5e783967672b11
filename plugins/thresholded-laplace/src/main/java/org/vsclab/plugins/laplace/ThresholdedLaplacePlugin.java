package org.vsclab.plugins.laplace;

import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;

/** Registers the {@code thresholded-laplacian} prior. */
public final class ThresholdedLaplacePlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "thresholded-laplacian", ThresholdedLaplaceFactory.class);
    }
}
