package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;

/**
 * The plan: every point validated and frozen; ids that depend on what a point computes and on
 * nothing else.
 */
class SweepPlanTest {

    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());

    @TempDir
    Path tmp;

    private SweepPlan plan(Path file, List<String> overrides, List<String> axes, int seeds) {
        var base = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(file), overrides);
        return SweepPlan.build(REGISTRY, Optional.of(file), overrides, SweepGrid.of(base, axes, seeds), line -> {});
    }

    private List<String> ids(SweepPlan plan) {
        return plan.points().stream().map(SweepPoint::id).toList();
    }

    @Test
    void theSameGridHasTheSameIdsWhateverTheFileLooksLike() throws Exception {
        Path a = tmp.resolve("a.conf");
        Files.writeString(a, "experiment = ids\nmodel { prior = gaussian, latent-dim = 16, samples = 4 }\n"
                + "data-sources.synthetic { dimension = 8, atoms = 16, active = 2, train-samples = 400, validation-samples = 100 }\n"
                + "data.batch-size = 50\nencoders.mlp.hidden = [32]\ntrain.epochs = 2\n");
        Path b = tmp.resolve("b.conf");
        Files.writeString(b, "# the same experiment, keys in another order and spelling\ntrain { epochs: 2 }\n"
                + "encoders { mlp { hidden: [ 32 ] } }\ndata { batch-size: 50 }\n"
                + "data-sources { synthetic { validation-samples: 100, train-samples: 400, active: 2, atoms: 16, dimension: 8 } }\n"
                + "model.samples = 4\nmodel.latent-dim = 16\nmodel.prior = \"gaussian\"\nexperiment = \"ids\"\n");
        List<String> axes = List.of("model.kl-weight=0.01,0.02");
        SweepPlan first = plan(a, List.of(), axes, 2);
        SweepPlan second = plan(b, List.of(), axes, 2);
        assertThat(ids(second)).isEqualTo(ids(first)).doesNotHaveDuplicates().hasSize(4);
        assertThat(second.sweepId()).isEqualTo(first.sweepId());

        assertThat(ids(plan(a, List.of("tracking.uri=" + tmp.resolve("elsewhere"), "launchers.slurm.time=01:00:00",
                "launchers.local.parallel=2"), axes, 2))).as("where and how points run is not what they compute").isEqualTo(ids(first));
        List<String> longer = ids(plan(a, List.of("train.epochs=3"), axes, 2));
        assertThat(longer).as("another base configuration is another set of points").doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    void aPointIsItsConfigurationWhereverItsValuesComeFrom() {
        String explicitDefault = plan(SweepGridTest.SMALL, List.of(), List.of("model.kl-weight=0.01"), 0).points().get(0).id();
        String fileValue = plan(SweepGridTest.SMALL, List.of(), List.of("model.samples=4,5"), 0).points().get(0).id();
        String explicitSeed = plan(SweepGridTest.SMALL, List.of(), List.of("seed=0,1"), 0).points().get(0).id();
        assertThat(fileValue).as("small.conf's own samples = 4, swept").isEqualTo(explicitDefault);
        assertThat(explicitSeed).as("the default seed 0, swept").isEqualTo(explicitDefault);
    }

    @Test
    void groupsAreThePointsThatDifferOnlyInTheirSeed() throws Exception {
        SweepPlan plan = plan(SweepGridTest.SMALL, List.of(), List.of("model.samples=2,3"), 3);
        assertThat(plan.points()).hasSize(6);
        assertThat(plan.points().stream().map(SweepPoint::group).distinct()).hasSize(2);
        assertThat(plan.points().subList(0, 3)).extracting(SweepPoint::group).containsOnly(plan.points().get(0).group());
        assertThat(plan.points().subList(0, 3)).extracting(SweepPoint::groupLabel).containsOnly("model.samples=2");
        assertThat(plan.points().subList(0, 3)).extracting(SweepPoint::seed).containsExactly(0L, 1L, 2L);
        assertThat(plan.points().get(3).label()).isEqualTo("model.samples=3 seed=0");
    }

    @Test
    void anOverrideCountsByTheValueItResolvesTo() {
        String direct = plan(SweepGridTest.SMALL, List.of(), List.of("model.samples=16"), 0).points().get(0).id();
        String byReference = plan(SweepGridTest.SMALL, List.of(), List.of("model.samples=${model.latent-dim}"), 0).points().get(0).id();
        assertThat(byReference).isEqualTo(direct);
        String otherTarget = plan(SweepGridTest.SMALL, List.of("model.latent-dim=12"), List.of("model.samples=${model.latent-dim}"), 0)
                .points().get(0).id();
        assertThat(otherTarget).isNotEqualTo(direct);
    }

    @Test
    void eachPointIsFrozenWithItsOwnValuesAndTheAbsoluteStore() {
        SweepPlan plan = plan(SweepGridTest.SMALL, List.of("tracking.uri=rel/mlruns"), List.of("model.samples=2,3"), 0);
        assertThat(plan.trackingUri()).isEqualTo("file:" + Path.of("rel/mlruns").toAbsolutePath());
        var frozen = com.typesafe.config.ConfigFactory.parseString(plan.points().get(1).config());
        assertThat(frozen.getInt("model.samples")).isEqualTo(3);
        assertThat(frozen.getString("tracking.uri")).isEqualTo(plan.trackingUri());
        assertThat(frozen.hasPath("sweep")).isFalse();
        SweepPlan read = SweepPlan.fromJson(plan.toJson(), "test");
        assertThat(read).isEqualTo(plan);
    }

    @Test
    void anInvalidPointFailsNamingThePointAndTheKey() {
        List<String> axes = new ArrayList<>(List.of("model.samples=2,0"));
        assertThatThrownBy(() -> plan(SweepGridTest.SMALL, List.of(), axes, 0))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("Sweep point 2/2 (model.samples=0): ")
                .hasMessageContaining("model.samples");
        assertThatThrownBy(() -> plan(SweepGridTest.SMALL, List.of(), List.of("model.prior=gaussian,no-such-prior"), 0))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("Sweep point 2/2 (model.prior=no-such-prior): ")
                .hasMessageContaining("no-such-prior");
        assertThatThrownBy(() -> plan(SweepGridTest.SMALL, List.of(), List.of("experiment=a,b"), 0))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("every point of a sweep runs in the sweep's experiment");
    }

    @Test
    void aPlanWithoutAxesIsAnError() {
        assertThatThrownBy(() -> plan(SweepGridTest.SMALL, List.of(), List.of(), 0)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("a sweep needs at least one axis");
    }
}
