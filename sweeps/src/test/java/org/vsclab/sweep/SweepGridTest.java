package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.PluginLoader;

/** The grid: the file's axes, then --sweep, then --seeds; every combination, the last axis fastest. */
class SweepGridTest {

    static final Path SMALL = Path.of("src/test/resources/small.conf");
    private static final ConfigLoader LOADER = new ConfigLoader(PluginLoader.load(List.of()).classLoader());

    private static ExperimentConfig config(String... overrides) {
        return LOADER.load(Optional.of(SMALL), List.of(overrides));
    }

    @Test
    void fileAxesThenCommandLineAxesThenSeedsInOrder() {
        SweepGrid grid = SweepGrid.of(config("sweep.model.samples=[2, 3]", "seed=10"), List.of("model.prior=gaussian,laplacian"), 2);
        assertThat(grid.axes()).containsExactly(
                java.util.Map.entry("model.samples", List.of("2", "3")),
                java.util.Map.entry("model.prior", List.of("gaussian", "laplacian")),
                java.util.Map.entry("seed", List.of("10", "11")));
        assertThat(grid.size()).isEqualTo(8);
        assertThat(grid.points()).hasSize(8);
        assertThat(grid.points().get(0)).containsExactly("model.samples=2", "model.prior=gaussian", "seed=10");
        assertThat(grid.points().get(1)).containsExactly("model.samples=2", "model.prior=gaussian", "seed=11");
        assertThat(grid.points().get(7)).containsExactly("model.samples=3", "model.prior=laplacian", "seed=11");
        assertThat(grid.describe()).isEqualTo("model.samples × model.prior × seed = 2 × 2 × 2 = 8 points");
    }

    @Test
    void seedsTwiceIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> SweepGrid.of(config("sweep.seed=[0, 1]"), List.of(), 3))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("--seeds 3 and the sweep's own seed axis [0, 1] both set the seeds");
    }

    @Test
    void malformedAxesAreErrors() {
        assertThatThrownBy(() -> SweepGrid.of(config(), List.of("model.prior"), 0)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("must look like key=value1,value2");
        assertThatThrownBy(() -> SweepGrid.of(config("sweep.model.samples=[]"), List.of(), 0)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("Sweep key 'model.samples' must list at least one non-empty value");
        assertThatThrownBy(() -> SweepGrid.of(config("sweep.model.samples=3"), List.of(), 0)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("must list the values to run");
        assertThatThrownBy(() -> SweepGrid.of(config(), List.of(), -1)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("--seeds must be at least 1");
    }

    @Test
    void noAxisIsAnEmptyGridOfOnePoint() {
        SweepGrid grid = SweepGrid.of(config(), List.of(), 0);
        assertThat(grid.isEmpty()).isTrue();
        assertThat(grid.points()).containsExactly(List.of());
    }
}
