package org.vsclab.plugins.spikeslab;

import org.vsclab.config.Settings;
import org.vsclab.family.ExponentialSchedule;
import org.vsclab.family.GaussianBase;
import org.vsclab.family.Ramp;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.VariationalFamily;

/** Registers the {@code spike-and-slab} prior. */
public final class SpikeAndSlabPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.PRIOR, "spike-and-slab", Factory.class);
    }

    /** Builds the family from {@code priors.spike-and-slab}. */
    public static final class Factory implements ComponentFactory<VariationalFamily> {
        @Override
        public String description() {
            return "spike-and-slab (Tonolini et al.): Gaussian slab, Bernoulli spike via logistic noise, rounding STE or relaxed; γ_p prior";
        }

        @Override
        public VariationalFamily create(Settings s, BuildContext context) {
            String estimatorName = s.string("estimator");
            if (estimatorName.equals("subgradient")) {
                // The exact selection is round(c), whose derivative is zero: the spike head would learn nothing.
                throw s.invalid("estimator", "straight (rounding with the relaxed gradient) or relaxed (Gumbel-softmax)",
                        "\"subgradient\"");
            }
            GradientEstimator estimator = context.build(ComponentKind.ESTIMATOR, estimatorName, s.path("estimator"));
            return new SpikeAndSlabFamily(
                    new GaussianBase(s.positive("prior-variance")),
                    s.openUnit("spike-prior"),
                    s.choice("selection-logit", SpikeAndSlabFamily.SelectionLogit.class),
                    estimator,
                    ExponentialSchedule.read(s.at("temperature")),
                    Ramp.read(s.at("warmup")));
        }
    }
}
