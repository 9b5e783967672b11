package org.vsclab.plugins.dnnmetrics;

import java.io.IOException;
import org.slf4j.LoggerFactory;
import org.vsclab.config.ConfigError;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.plugins.images.ByteImages;
import org.vsclab.plugins.images.FashionMnist;

/** Registers the DNN studies' metrics: {@code reconstruction}, {@code fid} and {@code fid-fmnist}. */
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
        register(ComponentKind.METRIC, "fid-fmnist", ComponentFactory.of(
                "Fréchet distance of test images and reconstructions in VSC Lab's own FMNIST classifier's features (not FID; after training)",
                (settings, context) -> {
                    String folder = settings.optionalString("classifier-dir")
                            .orElse(System.getProperty("user.home") + "/.cache/vsc-lab/fid-fmnist-v" + FmnistClassifier.VERSION);
                    int trainImages = settings.integerAtLeast("classifier-train-images", 0);
                    try {
                        FashionMnist data = new FashionMnist(settings.file("data"), trainImages, 0, true);
                        return new FidFmnistMetric(FmnistClassifier.loadOrTrain(java.nio.file.Path.of(folder), context.manager(),
                                data.train(), data.validation(), (split, row) -> ((ByteImages) split).label(row), LoggerFactory.getLogger(FmnistClassifier.class)::info),
                                settings.integerAtLeast("images", 2), settings.integerAtLeast("batch", 1));
                    } catch (IOException e) {
                        throw new ConfigError(settings.path("data"), "metrics.fid-fmnist cannot get its classifier: " + e.getMessage() + ".", e);
                    }
                }));
    }
}
