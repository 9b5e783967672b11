package org.vsclab.plugins.dnnmetrics;

import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;

/** Registers the DNN studies' metrics: {@code reconstruction}. */
public final class DnnMetricsPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.METRIC, "reconstruction", ComponentFactory.of(
                "test-set MSE per pixel and the authors' sum of batch means, non-zero fraction, reconstructions.png (after training)",
                (settings, context) -> new ReconstructionMetric(settings.integerAtLeast("reference-batch", 1),
                        settings.integerAtLeast("images", 0), settings.integerAtLeast("grid-images", 0), settings.integerAtLeast("grid-columns", 1))));
    }
}
