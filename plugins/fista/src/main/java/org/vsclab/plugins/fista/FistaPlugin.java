package org.vsclab.plugins.fista;

import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.family.Ramp;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.HeadProvider;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code fista} method (as a prior) and the {@code identity} encoder it runs with. */
public final class FistaPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "fista", FamilyFactory.class);
        register(ComponentKind.ENCODER, "identity", EncoderFactory.class);
    }

    /** Builds {@link FistaFamily} from {@code priors.fista}; it needs the identity encoder and J = 1. */
    public static final class FamilyFactory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "FISTA codes on the current dictionary (MAP sparse coding, τ = λ_SC·c with the λ warm-up); needs model.encoder = identity, model.samples = 1";
        }

        @Override
        public VariationalFamily create(Settings s, BuildContext context) {
            Settings root = context.root();
            if (!root.string("model.encoder").equals("identity")) {
                throw new ConfigError("model.encoder", "model.prior = fista infers codes from the data itself and needs"
                        + " model.encoder = identity, not '" + root.string("model.encoder") + "'" + root.where("model.encoder") + ".");
            }
            if (root.integer("model.samples") != 1) {
                throw new ConfigError("model.samples", "model.prior = fista gives one deterministic code per datum: set"
                        + " model.samples = 1 (it is " + root.integer("model.samples") + root.where("model.samples") + ").");
            }
            return new FistaFamily(s.positive("lambda"), Ramp.read(s.at("warmup")), s.integerAtLeast("max-iterations", 1),
                    s.nonNegative("tolerance"));
        }
    }

    /** Builds the {@link IdentityEncoder}; it can give the head {@code data} only. */
    public static final class EncoderFactory implements ComponentFactory<Encoder>, HeadProvider {
        @Override
        public String description() {
            return "no network: the data itself as the head 'data', for iterative inference (model.prior = fista)";
        }

        @Override
        public Encoder create(Settings s, BuildContext context) {
            return new IdentityEncoder();
        }

        @Override
        public boolean provides(HeadSpec head) {
            return head.name().equals(IdentityEncoder.DATA.name());
        }

        @Override
        public String providedHeads() {
            return "'data' only";
        }
    }
}
