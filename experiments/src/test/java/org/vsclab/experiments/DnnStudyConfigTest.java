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
import org.vsclab.config.Settings;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.plugins.metrics.numerics.MultiInformation;
import org.vsclab.sweep.SweepGrid;

/**
 * The DNN studies' configurations: each grid is the six methods of method.md §15.2/§15.3 (one sweep
 * axis of presets) crossed with the paper's latent sizes or sparsities, and every run evaluates the
 * multi-information of the linear study with the DNN binning (33 symbols).
 */
class DnnStudyConfigTest {

    static final Path CONF = Path.of("../conf/experiments");
    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());

    private static ExperimentConfig load(String file, List<String> overrides) {
        return new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(CONF.resolve(file)), overrides);
    }

    /** Each point's resolved settings, by run name. */
    private static Map<String, Settings> points(String file) {
        ExperimentConfig config = load(file, List.of());
        Map<String, Settings> byName = new LinkedHashMap<>();
        for (List<String> point : SweepGrid.of(config, List.of(), 0).points()) {
            Settings s = load(file, point).settings();
            byName.put(s.string("run-name"), s);
        }
        return byName;
    }

    /** The method a point claims to be (its tag) against what it configures. */
    private record Method(String prior, boolean learned) {}

    private static final Map<String, Method> SIX = Map.of(
            "Gaussian VAE", new Method("gaussian", false),
            "Spike-and-Slab", new Method("spike-and-slab", false),
            "Thresh Gaussian", new Method("thresholded-gaussian", false),
            "Thresh Gaussian+Gamma", new Method("thresholded-gaussian", true),
            "Thresh Laplacian", new Method("thresholded-laplacian", false),
            "Thresh Laplacian+Gamma", new Method("thresholded-laplacian", true));

    private static void assertIsTheMethodItNames(String name, Settings s) {
        Method m = SIX.get(s.string("tags.method"));
        assertThat(m).as(name + " names one of the six methods").isNotNull();
        assertThat(s.string("model.prior")).as(name).isEqualTo(m.prior());
        if (m.prior().startsWith("thresholded")) {
            assertThat(s.bool("priors." + m.prior() + ".learned-threshold.enabled")).as(name).isEqualTo(m.learned());
        }
    }

    @Test
    void theFmnistLatentSizeGridIsSixMethodsTimesFourSizesTimesThreeSeeds() {
        Map<String, Settings> points = points("fmnist/latent-size.conf");
        assertThat(points).hasSize(72).containsKeys("gaussian-N20-p0.1-seed0", "thresholded-laplacian-gamma-N1024-p0.1-seed2");
        List<String> seen = new ArrayList<>();
        points.forEach((name, s) -> {
            assertIsTheMethodItNames(name, s);
            assertThat(s.integer("model.latent-dim")).isIn(20, 64, 256, 1024);
            assertThat(s.number("model.target-sparsity")).isEqualTo(0.1);
            assertThat(s.string("experiment")).isEqualTo("fmnist-latent-size");
            seen.add(s.string("tags.method"));
        });
        assertThat(seen.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(SIX.keySet());
    }

    @Test
    void theSparsityGridsLeaveOutTheGaussianVae() {
        Map<String, Settings> fmnist = points("fmnist/sparsity.conf");
        assertThat(fmnist).hasSize(60);
        fmnist.forEach((name, s) -> {
            assertIsTheMethodItNames(name, s);
            assertThat(s.string("tags.method")).isNotEqualTo("Gaussian VAE");
            assertThat(s.integer("model.latent-dim")).isEqualTo(64);
            assertThat(s.number("model.target-sparsity")).isIn(0.05, 0.1, 0.2, 0.5);
        });
        String celebaFolder = "data-sources.celeba.path=/nowhere";   // not read: only the settings resolve
        assertThat(points("celeba/latent-size.conf")).hasSize(72).containsKey("gaussian-N2048-p0.1-seed1");
        Map<String, Settings> celeba = points("celeba/sparsity.conf");
        assertThat(celeba).hasSize(60);
        celeba.forEach((name, s) -> {
            assertIsTheMethodItNames(name, s);
            assertThat(s.integer("model.latent-dim")).isEqualTo(512);
        });
        assertThat(load("celeba/paper.conf", List.of(celebaFolder)).settings().integer("data.batch-size")).isEqualTo(1000);
    }

    @Test
    void everyDnnRunMeasuresMultiInformationWithThirtyThreeSymbols() {
        for (String file : List.of("fmnist/paper.conf", "fmnist/quick.conf", "celeba/paper.conf")) {
            Settings s = load(file, List.of()).settings();
            assertThat(s.strings("evaluation.metrics")).as(file).contains("multi-information", "reconstruction");
            assertThat(s.integer("evaluation.samples")).as(file + ": J = 20 at evaluation").isEqualTo(20);
            assertThat(s.string("model.selector")).as(file).isEqualTo("max");
            assertThat(new MultiInformation(s.integer("metrics.multi-information.edges")).symbols()).as(file).isEqualTo(33);
        }
        // The linear study keeps its 23 symbols.
        Settings linear = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(CONF.resolve("linear/paper.conf")), List.of()).settings();
        assertThat(new MultiInformation(linear.integer("metrics.multi-information.edges")).symbols()).isEqualTo(23);
    }

    @Test
    void theQuickComparisonIsTheGaussianVaeAgainstThreeSparseFamiliesAtN64() {
        Map<String, Settings> points = points("fmnist/quick.conf");
        assertThat(points.values()).extracting(s -> s.string("tags.method"))
                .containsExactly("Gaussian VAE", "Thresh Gaussian", "Thresh Laplacian", "Spike-and-Slab");
        points.forEach((name, s) -> {
            assertIsTheMethodItNames(name, s);
            assertThat(s.integer("model.latent-dim")).isEqualTo(64);
            assertThat(s.string("experiment")).isEqualTo("fmnist-quick");
        });
    }
}
