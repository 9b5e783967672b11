package org.vsclab.plugins.dnnmetrics;

import java.io.IOException;
import org.vsclab.config.ConfigError;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;

/** Registers the DNN studies' metrics: {@code reconstruction} and {@code fid}. */
public final class DnnMetricsPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.METRIC, "reconstruction", ComponentFactory.of(
                "test-set MSE per pixel and the authors' sum of batch means, non-zero fraction, reconstructions.png (after training)",
                (settings, context) -> new ReconstructionMetric(settings.integerAtLeast("reference-batch", 1),
                        settings.integerAtLeast("images", 0), settings.integerAtLeast("grid-images", 0), settings.integerAtLeast("grid-columns", 1))));
        register(ComponentKind.METRIC, "fid", ComponentFactory.of(
                "Fréchet distance of test images and their reconstructions in a user-supplied TorchScript extractor's features (after training)",
                (settings, context) -> {
                    String key = settings.path("model");
                    if (settings.optionalString("model").isEmpty()) {
                        throw new ConfigError(key, "Set " + key + " to a TorchScript feature extractor (FID: Inception-v3 made by"
                                + " plugins/dnn-metrics/scripts/make_inception_extractor.py; no registry carries its weights), or remove fid"
                                + " from evaluation.metrics.");
                    }
                    try {
                        return new FidMetric(new TorchScriptFeatures(settings.file("model")), settings.string("model"),
                                settings.integerAtLeast("images", 2), settings.integerAtLeast("batch", 1),
                                settings.oneOf("covariance", "features", "reference-per-image").equals("reference-per-image"));
                    } catch (IOException e) {
                        throw new ConfigError(key, "Cannot use " + key + settings.where(key) + ": " + e.getMessage() + ".", e);
                    }
                }));
    }
}
