package org.vsclab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigLoader;
import org.vsclab.io.Npy;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunResult;
import org.vsclab.spi.RunStatus;
import org.vsclab.train.StopSignal;

/**
 * The paper's metrics in real runs on a small synthetic problem, checked against what must hold by
 * construction: FISTA minimises the objective the metric evaluates, a FISTA run's codes are FISTA's
 * reference codes, deterministic inference is perfectly consistent, usage sums to the non-zero count.
 */
class PaperMetricsRunTest {

    private static ComponentRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void plugins() {
        registry = PluginLoader.load(List.of());
    }

    private RunResult run(String... overrides) {
        List<String> all = new ArrayList<>(List.of("experiment=metrics-test", "tracking.uri=" + tmp.resolve("mlruns"),
                "data-sources.synthetic.dimension=16", "data-sources.synthetic.atoms=16", "data-sources.synthetic.active=2",
                "data-sources.synthetic.train-samples=400", "data-sources.synthetic.validation-samples=200",
                "data.batch-size=50", "model.latent-dim=16", "model.samples=4", "encoders.mlp.hidden=[32]", "train.epochs=2",
                "model.prior=thresholded-laplacian", "model.kl-weight=0.001",
                "evaluation.metrics=[dictionary, codes, sparse-coding, multi-information, collapse, usage, recovered-dictionary,"
                        + " gradient-snr, support-consistency]",
                "metrics.sparse-coding.lambda=0.3", "metrics.gradient-snr.passes=4", "metrics.gradient-snr.batches=2",
                "metrics.support-consistency.repeats=3", "metrics.support-consistency.patches=60"));
        all.addAll(Arrays.asList(overrides));
        return new ExperimentRunner(registry, List.of(), new StopSignal())
                .run(new ConfigLoader(registry.classLoader()).load(Optional.empty(), all));
    }

    private Path artifacts(RunResult r) {
        return Path.of(java.net.URI.create(r.artifactUri()));
    }

    @Test
    void aVariationalRunRecordsEveryMetricAndFistaIsNeverWorse() throws Exception {
        RunResult r = run();
        assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
        Map<String, Double> m = r.metrics();
        assertThat(m).containsKeys("sc/objective", "sc/objective_fnorm", "sc/fista_objective", "sc/support_accuracy",
                "codes/mi_bits", "collapse/posterior_pct", "collapse/coefficient_pct", "usage/unused_atoms",
                "dict/recovered_change", "snr/encoder_mean", "snr/generator_mean", "snr/encoder_median_of_means",
                "jaccard/mean", "jaccard/median");
        // FISTA minimises ½‖x − Φz‖² + λ‖z‖₁ (to its tolerance): the VI codes cannot do better.
        assertThat(m.get("sc/fista_objective")).isLessThanOrEqualTo(m.get("sc/objective") * (1 + 1e-3));
        // The display variant adds f‖Φ‖²_F = 1e-3·Σ‖φ_k‖² ≥ 0.
        assertThat(m.get("sc/objective_fnorm")).isGreaterThan(m.get("sc/objective"));
        // Mean usage per batch over atoms = B × the non-zero fraction of the validation codes.
        assertThat(m.get("usage/mean_per_batch")).isCloseTo(50 * m.get("sc/support_active"), within(1e-9));
        assertThat(m.get("codes/mi_bits")).isGreaterThanOrEqualTo(0);
        assertThat(m.get("jaccard/mean")).isBetween(0.0, 1.0);
        assertThat(m.get("snr/encoder_mean")).isPositive().isFinite();
        assertThat(m.get("collapse/posterior_pct")).isBetween(0.0, 100.0);
        Path dir = artifacts(r);
        assertThat(Npy.read(dir.resolve("recovered_dictionary.npy")).shape()).containsExactly(16, 16);
        assertThat(Npy.read(dir.resolve("usage.npy")).shape()).containsExactly(16);
        assertThat(Npy.read(dir.resolve("jaccard.npy")).shape()).containsExactly(60);
        assertThat(Files.exists(dir.resolve("recovered_dictionary.png"))).isTrue();
    }

    @Test
    void aFistaRunsCodesAreTheFistaReferenceAndPerfectlyConsistent() {
        RunResult r = run("model.prior=fista", "model.encoder=identity", "model.samples=1", "priors.fista.lambda=0.3");
        Map<String, Double> m = r.metrics();
        // Same τ (0.3 at evaluation), same dictionary, same batches: the method's codes are the reference's.
        assertThat(m.get("sc/support_accuracy")).isEqualTo(1.0);
        assertThat(m.get("sc/l1_to_fista")).isCloseTo(0, within(1e-6));
        assertThat(m.get("sc/objective")).isCloseTo(m.get("sc/fista_objective"), within(1e-6));
        assertThat(m.get("jaccard/mean")).isEqualTo(1.0);
        // Nothing is trained through the loss: no gradient SNR; no posterior: every KL is 0.
        assertThat(m).doesNotContainKey("snr/encoder_mean");
        assertThat(m.get("collapse/posterior_pct")).isEqualTo(100.0);
    }
}
