package org.vsclab.components;

import org.vsclab.config.Settings;
import org.vsclab.family.StepPoint;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.Generator;

/** Builds the {@link LinearDictionary} from {@code generators.linear-dictionary}. */
public final class LinearDictionaryFactory implements ComponentFactory<Generator> {

    @Override
    public String description() {
        return "linear dictionary x = Φz (D×K), random unit-norm init, the paper's decayed gradient step with Frobenius penalty; optional bounded step and resampling of unused atoms";
    }

    @Override
    public Generator create(Settings settings, BuildContext context) {
        Settings resample = settings.at("resample");
        AtomResampling.Policy policy = !resample.bool("enabled") ? null
                : new AtomResampling.Policy(StepPoint.read(resample, "every"), resample.nonNegative("dead-usage"),
                        StepPoint.read(resample, "until"), resample.positive("duplicate-cosine"));
        return new LinearDictionary(
                context.manager(),
                context.dataDimension(),
                context.latentDimension(),
                settings.positive("learning-rate"),
                settings.positive("decay"),
                settings.nonNegative("frobenius-penalty"),
                settings.bool("normalize-columns"),
                !settings.bool("bounded-step") ? LinearDictionary.StepBound.NONE
                        : settings.choice("step-bound", LinearDictionary.StepBound.class),
                policy);
    }
}
