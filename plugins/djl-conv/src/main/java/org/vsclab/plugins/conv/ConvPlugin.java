package org.vsclab.plugins.conv;

import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;

/** Registers the {@code conv} encoder and the {@code conv} generator. */
public final class ConvPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.ENCODER, "conv", EncoderFactory.class);
        register(ComponentKind.GENERATOR, "conv", GeneratorFactory.class);
    }

    /**
     * Resolves {@code architecture}: a name, or {@code auto} for the one whose image size is the data's.
     *
     * @param settings the component's settings
     * @param context the build context (the data's size)
     * @return the architecture
     */
    static ConvArchitecture architecture(Settings settings, BuildContext context) {
        String name = settings.string("architecture");
        String names = "auto, " + String.join(", ", ConvArchitecture.ALL.stream().map(ConvArchitecture::name).toList());
        ConvArchitecture chosen = name.equals("auto")
                ? ConvArchitecture.forDimension(context.dataDimension()).orElseThrow(() -> settings.invalid("architecture",
                        "an architecture for the data's " + context.dataDimension() + " values per sample (the conv networks take "
                                + String.join(" or ", ConvArchitecture.ALL.stream().map(a -> a.shapeText() + " = " + a.dimension()).toList())
                                + " values)", name))
                : ConvArchitecture.named(name).orElseThrow(() -> settings.invalid("architecture", "one of " + names, name));
        if (context.dataDimension() != chosen.dimension()) {
            throw settings.invalid("architecture", "an architecture for the data's " + context.dataDimension()
                    + " values per sample; " + chosen.name() + " takes " + chosen.shapeText() + " = " + chosen.dimension(), name);
        }
        return chosen;
    }

    /** Builds the {@link ConvEncoder} from {@code encoders.conv}. */
    public static final class EncoderFactory implements ComponentFactory<Encoder> {
        @Override
        public String description() {
            return "the paper's conv encoder (method.md §12.2/12.3: conv-BN-ReLU to 1×1, linear heads) for 1×28×28 or 3×64×64";
        }

        @Override
        public Encoder create(Settings settings, BuildContext context) {
            return new ConvEncoder(context.manager(), architecture(settings, context), context.heads(), context.latentDimension());
        }
    }

    /** Builds the {@link ConvGenerator} from {@code generators.conv}. */
    public static final class GeneratorFactory implements ComponentFactory<Generator> {
        @Override
        public String description() {
            return "the paper's conv decoder (method.md §12.4/12.5: linear, transposed conv-BN-ReLU, sigmoid) for 1×28×28 or 3×64×64";
        }

        @Override
        public Generator create(Settings settings, BuildContext context) {
            return new ConvGenerator(context.manager(), architecture(settings, context), context.latentDimension());
        }
    }
}
