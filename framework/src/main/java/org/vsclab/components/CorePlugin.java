package org.vsclab.components;

import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;

/**
 * Registers the standard components, through the same mechanism as any plugin (it is listed in
 * {@code META-INF/services/org.vsclab.plugin.VscPlugin}).
 */
public final class CorePlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.ESTIMATOR, "straight", Estimators.Straight.class);
        register(ComponentKind.ESTIMATOR, "straight-pure", Estimators.StraightPure.class);
        register(ComponentKind.ESTIMATOR, "subgradient", Estimators.Subgradient.class);
        register(ComponentKind.ESTIMATOR, "relaxed", Estimators.Relaxed.class);
        register(ComponentKind.SELECTOR, "max", Selectors.Max.class);
        register(ComponentKind.SELECTOR, "avg", Selectors.Average.class);
        register(ComponentKind.SELECTOR, "softmax-weighted", Selectors.SoftmaxWeighted.class);
        register(ComponentKind.ENCODER, "mlp", MlpEncoderFactory.class);
        register(ComponentKind.GENERATOR, "linear-dictionary", LinearDictionaryFactory.class);
        register(ComponentKind.DATA_SOURCE, "synthetic", SyntheticDataSourceFactory.class);
        register(ComponentKind.DATA_SOURCE, "npy", NpyDataSourceFactory.class);
        register(ComponentKind.TRACKER, "file", FileTrackerFactory.class);
        register(ComponentKind.METRIC, "dictionary", ComponentFactory.of(
                "the learned dictionary: mean atom norm, atoms recovered (synthetic data), dictionary.npy/png at the end",
                (settings, context) -> new DictionaryMetric(settings.openUnit("atom-match-cosine"))));
        register(ComponentKind.METRIC, "codes", ComponentFactory.of(
                "one selected code per validation datum, val_codes.npy at the end",
                (settings, context) -> new ValidationCodesMetric()));
    }
}
