package org.vsclab.plugins.conv;

import java.util.List;
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
     * Resolves {@code architecture}: a name, or {@code auto} for the one whose image shape is the
     * data's (the builder then checks the chosen one's shape against the data, naming both).
     *
     * @param settings the component's settings
     * @param context the build context (the data's sample shape)
     * @return the architecture
     */
    static ConvArchitecture architecture(Settings settings, BuildContext context) {
        String name = settings.string("architecture");
        List<String> shapes = ConvArchitecture.ALL.stream().map(a -> a.name() + " " + a.shapeText()).toList();
        if (name.equals("auto")) {
            return ConvArchitecture.forShape(context.dataShape()).orElseThrow(() -> settings.invalid("architecture",
                    "auto to find a network for the data's samples of shape " + context.dataShape()
                            + ", but the conv networks take " + String.join(" or ", shapes) + " images", name));
        }
        return ConvArchitecture.named(name).orElseThrow(() -> settings.invalid("architecture",
                "auto or one of " + String.join(", ", shapes), name));
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
