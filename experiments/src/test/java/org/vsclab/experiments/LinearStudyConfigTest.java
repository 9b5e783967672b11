package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.sweep.SweepGrid;

/**
 * The linear study's configurations: each sweep point of the table is the method it claims to be,
 * at the paper's settings (method.md §15.1).
 */
class LinearStudyConfigTest {

    static final Path LINEAR = Path.of("../conf/experiments/linear");
    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());

    private static ExperimentConfig load(String file, List<String> overrides) {
        return new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(LINEAR.resolve(file)), overrides);
    }

    /** Each point's resolved config, by run name. */
    private static Map<String, ExperimentConfig> points(String file) {
        ExperimentConfig config = load(file, List.of());
        Map<String, ExperimentConfig> byName = new LinkedHashMap<>();
        for (List<String> point : SweepGrid.of(config, List.of(), 0).points()) {
            ExperimentConfig c = load(file, point);
            byName.put(c.settings().string("run-name"), c);
        }
        return byName;
    }

    @Test
    void theTableIsTheEightMethodsOfThePaperTimesThreeSeeds() {
        Map<String, ExperimentConfig> points = points("table.conf");
        assertThat(points).hasSize(24);
        assertThat(points.keySet()).contains("fista-seed0", "thresholded-laplacian-gamma-seed2");
        // bounded: the two methods whose early codes make the paper's fixed dictionary step diverge on these patches.
        record Method(String prior, String encoder, int samples, boolean learned, boolean bounded) {}
        Map<String, Method> expected = Map.of(
                "fista", new Method("fista", "identity", 1, false, false),
                "gaussian", new Method("gaussian", "mlp", 20, false, false),
                "laplacian", new Method("laplacian", "mlp", 20, false, true),
                "spike-and-slab", new Method("spike-and-slab", "mlp", 20, false, true),
                "thresholded-gaussian", new Method("thresholded-gaussian", "mlp", 20, false, false),
                "thresholded-gaussian-gamma", new Method("thresholded-gaussian", "mlp", 20, true, false),
                "thresholded-laplacian", new Method("thresholded-laplacian", "mlp", 20, false, false),
                "thresholded-laplacian-gamma", new Method("thresholded-laplacian", "mlp", 20, true, false));
        List<String> seen = new ArrayList<>();
        points.forEach((name, c) -> {
            var s = c.settings();
            String id = name.substring(0, name.lastIndexOf("-seed"));
            Method m = expected.get(id);
            assertThat(m).as(name).isNotNull();
            assertThat(s.string("model.prior")).as(name).isEqualTo(m.prior());
            assertThat(s.string("model.encoder")).as(name).isEqualTo(m.encoder());
            assertThat(s.integer("model.samples")).as(name).isEqualTo(m.samples());
            if (m.prior().startsWith("thresholded")) {
                assertThat(s.bool("priors." + m.prior() + ".learned-threshold.enabled")).as(name).isEqualTo(m.learned());
            }
            assertThat(s.bool("generators.linear-dictionary.bounded-step")).as(name).isEqualTo(m.bounded());
            assertThat(s.number("generators.linear-dictionary.learning-rate")).isEqualTo(0.5);
            assertThat(s.string("data.source")).isEqualTo("patches");
            assertThat(s.integer("train.epochs")).isEqualTo(300);
            assertThat(s.number("model.kl-weight")).isEqualTo(0.01);
            assertThat(s.string("tags.method")).isEqualTo(s.string("method.name"));
            seen.add(id);
        });
        assertThat(seen.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void theOtherStudiesAndTheReferenceVariantResolve() {
        assertThat(points("gradient-snr.conf")).hasSize(18).containsKey("spike-and-slab-J1-seed2");
        assertThat(points("sampling.conf")).hasSize(12).containsKey("avg-J100-seed0");
        assertThat(points("table-quick.conf")).hasSize(16);
        var reference = load("reference-compat.conf", List.of()).settings();
        assertThat(reference.string("data.patch-split")).isEqualTo("by-patch");
        assertThat(reference.string("data.standardize-on")).isEqualTo("all-patches");
        assertThat(reference.bool("generators.linear-dictionary.bounded-step")).isFalse();
        var quick = load("table-quick.conf", List.of()).settings();
        assertThat(quick.integer("data-sources.patches.stride")).isEqualTo(4);
        assertThat(quick.strings("evaluation.metrics")).contains("sparse-coding", "multi-information", "collapse", "usage");
    }

    @Test
    void thePublishedThresholdsAreUsed() {
        var s = load("paper.conf", List.of()).settings();
        assertThat(s.number("priors.thresholded-laplacian.lambda")).isEqualTo(0.25);
        assertThat(s.number("priors.thresholded-gaussian.lambda")).isEqualTo(0.52);
        assertThat(s.number("priors.fista.lambda")).isEqualTo(20);
        assertThat(s.string("run-name")).isEqualTo("thresholded-laplacian-seed0");
    }
}
