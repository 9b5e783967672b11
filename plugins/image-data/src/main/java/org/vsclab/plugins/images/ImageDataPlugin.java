package org.vsclab.plugins.images;

import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.DataSource;

/** Registers the {@code fmnist} and {@code celeba} data sources. */
public final class ImageDataPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.DATA_SOURCE, "fmnist", FashionMnistFactory.class);
    }

    /** Builds {@link FashionMnist} from {@code data-sources.fmnist}. */
    public static final class FashionMnistFactory implements ComponentFactory<DataSource> {
        @Override
        public String description() {
            return "Fashion-MNIST 1×28×28 in [0, 1] from its IDX .gz files (default: Debian's dataset-fashion-mnist); test set as validation";
        }

        @Override
        public DataSource create(Settings settings, BuildContext context) {
            try {
                return new FashionMnist(settings.file("path"), settings.integerAtLeast("train-samples", 0),
                        settings.integerAtLeast("validation-samples", 0), settings.bool("verify-checksums"));
            } catch (ImageDataException e) {
                throw new ConfigError(settings.path("path"), "Cannot use the Fashion-MNIST data (" + settings.path("path")
                        + settings.where(settings.path("path")) + "): " + e.getMessage() + ".", e);
            }
        }
    }
}
