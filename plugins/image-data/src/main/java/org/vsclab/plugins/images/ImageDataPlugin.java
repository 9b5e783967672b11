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
        register(ComponentKind.DATA_SOURCE, "celeba", CelebAFactory.class);
    }

    /** Builds {@link CelebA} from {@code data-sources.celeba}. */
    public static final class CelebAFactory implements ComponentFactory<DataSource> {
        @Override
        public String description() {
            return "CelebA aligned faces from a folder you supply, centre-crop 140, resized to 3×64×64, random flips in training";
        }

        @Override
        public DataSource create(Settings settings, BuildContext context) {
            if (settings.optionalString("path").isEmpty()) {
                throw new ConfigError(settings.path("path"), "Set " + settings.path("path") + " to the CelebA folder (with"
                        + " list_attr_celeba.txt and img_align_celeba/); no package registry carries CelebA, so it must be downloaded by hand.");
            }
            int partition = settings.oneOf("validation-split", "test", "validation").equals("test") ? 2 : 1;
            try {
                return new CelebA(settings.file("path"), settings.integerAtLeast("train-samples", 0),
                        settings.integerAtLeast("validation-samples", 0), partition, settings.bool("flip"),
                        settings.integerAtLeast("decode-threads", 1));
            } catch (ImageDataException e) {
                throw new ConfigError(settings.path("path"), "Cannot use the CelebA data (" + settings.path("path")
                        + settings.where(settings.path("path")) + "): " + e.getMessage() + ".", e);
            }
        }
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
