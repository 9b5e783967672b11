package org.vsclab.plugins.metrics;

import org.vsclab.config.Settings;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.plugins.metrics.numerics.SupportConsistency;

/**
 * Registers the paper's metrics (method.md §16) as metric components; a run lists the ones it wants
 * in {@code evaluation.metrics}, and each reads {@code metrics.<name>}.
 */
public final class PaperMetricsPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.METRIC, "sparse-coding", ComponentFactory.of(
                "sparse-coding objective ½‖x − Φz‖² + λ‖z‖₁ of the validation codes, and the FISTA reference on the same Φ (objective, support agreement)",
                (s, c) -> new SparseCodingMetric(s.positive("lambda"), s.nonNegative("frobenius-display"),
                        s.integerAtLeast("fista.max-iterations", 1), s.nonNegative("fista.tolerance"), s.integerAtLeast("every", 1))));
        register(ComponentKind.METRIC, "multi-information", ComponentFactory.of(
                "plug-in multi-information of the validation codes in bits (exact zero its own symbol)",
                (s, c) -> new CodeMetrics(CodeMetrics.Kind.MULTI_INFORMATION, s.integerAtLeast("every", 1), s.integerAtLeast("edges", 2), 0, 0)));
        register(ComponentKind.METRIC, "collapse", ComponentFactory.of(
                "(0.01, 0.05) posterior and coefficient collapse: % of latents with KL or |z| ≤ 0.01 on ≥ 95 % of validation data",
                (s, c) -> new CodeMetrics(CodeMetrics.Kind.COLLAPSE, s.integerAtLeast("every", 1), 20, s.positive("threshold"),
                        s.openUnit("fraction"))));
        register(ComponentKind.METRIC, "usage", ComponentFactory.of(
                "dictionary usage: per atom, the mean number of validation data per batch that use it (usage.npy)",
                (s, c) -> new CodeMetrics(CodeMetrics.Kind.USAGE, s.integerAtLeast("every", 1), 20, 0, 0)));
        register(ComponentKind.METRIC, "recovered-dictionary", ComponentFactory.of(
                "after training: the dictionary C_sr C_rr⁺ that regresses validation data on their codes",
                (s, c) -> new RecoveredDictionaryMetric()));
        register(ComponentKind.METRIC, "gradient-snr", ComponentFactory.of(
                "after training: |mean|/std of stochastic gradients of the inference network and the generator",
                (s, c) -> new GradientSnrMetric(s.integerAtLeast("passes", 2), s.integerAtLeast("batches", 1),
                        s.has("samples") ? s.integerAtLeast("samples", 1) : null)));
        register(ComponentKind.METRIC, "support-consistency", ComponentFactory.of(
                "after training: mean Jaccard similarity of the supports of repeated inference",
                (s, c) -> new SupportConsistencyMetric(s.integerAtLeast("repeats", 2), s.integerAtLeast("patches", 1),
                        mode(s), s.oneOf("atom-filter", "norm>0.1", "none").equals("norm>0.1"))));
    }

    private static SupportConsistency.Mode mode(Settings s) {
        return s.oneOf("mode", "similarity", "reference-distance").equals("similarity")
                ? SupportConsistency.Mode.SIMILARITY : SupportConsistency.Mode.REFERENCE_DISTANCE;
    }
}
