package org.vsclab.plugins.thresholdedlaplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.plugin.UnknownComponentException;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.family.ThresholdedFamily;

/** The plugin as users configure it: discovery, λ fixed or calibrated, and start-up errors that name the key. */
class ThresholdedLaplaceFactoryTest {

    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());

    private static Experiment build(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data-sources.synthetic.train-samples=200",
                "data-sources.synthetic.validation-samples=50", "encoders.mlp.hidden=[8]", "model.latent-dim=16",
                "tracking.uri=" + Path.of("target/unused-mlruns")));
        all.addAll(List.of(overrides));
        var config = new ConfigLoader(REGISTRY.classLoader()).load(Optional.empty(), all);
        Experiment e = new ExperimentBuilder(REGISTRY).build(config);
        e.manager().close();
        return e;
    }

    @Test
    void isDiscoveredAsAPrior() {
        assertThat(REGISTRY.names(org.vsclab.plugin.ComponentKind.PRIOR)).contains("thresholded-laplacian");
    }

    @Test
    void calibratesLambdaFromTheSharedTargetSparsity() {
        ThresholdedFamily family = (ThresholdedFamily) build("model.target-sparsity=0.1").model().family();
        assertThat(family.lambda()).isCloseTo(0.1 * Math.log(10), within(1e-12));
        assertThat(family.priorNonZeroFraction()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aFixedLambdaWins() {
        ThresholdedFamily family = (ThresholdedFamily) build("priors.thresholded-laplacian.lambda=0.25").model().family();
        assertThat(family.lambda()).isEqualTo(0.25);
        assertThat(family.derivedSettings()).containsEntry("lambda", "0.25");
    }

    @Test
    void impossibleTargetSparsityNamesTheKey() {
        assertThatThrownBy(() -> build("model.target-sparsity=1"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("priors.thresholded-laplacian.target-sparsity")
                .hasMessageContaining("strictly between 0 and 1");
    }

    @Test
    void negativePriorScaleNamesTheKey() {
        assertThatThrownBy(() -> build("priors.thresholded-laplacian.prior-scale=-0.1"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("priors.thresholded-laplacian.prior-scale")
                .hasMessageContaining("positive");
    }

    @Test
    void unknownEstimatorListsTheAvailableOnes() {
        assertThatThrownBy(() -> build("priors.thresholded-laplacian.estimator=gumbel"))
                .isInstanceOf(UnknownComponentException.class)
                .hasMessageContaining("Unknown estimator 'gumbel' (priors.thresholded-laplacian.estimator)")
                .hasMessageContaining("relaxed, straight, straight-pure, subgradient");
    }
}
