package org.vsclab.plugins.fista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.numerics.Fista;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunResult;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.StopSignal;

/** The {@code fista} method: its codes, its τ schedule, its start-up checks, and a run that learns. */
class FistaMethodTest {

    private static ComponentRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void plugins() {
        registry = PluginLoader.load(List.of());
    }

    private ExperimentConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of("experiment=fista-test", "tracking.uri=" + tmp.resolve("mlruns"),
                "model.prior=fista", "model.encoder=identity", "model.samples=1",
                "data-sources.synthetic.dimension=16", "data-sources.synthetic.atoms=16", "data-sources.synthetic.active=2",
                "data-sources.synthetic.train-samples=2000", "data-sources.synthetic.validation-samples=500",
                "model.latent-dim=16", "priors.fista.lambda=0.3", "priors.fista.warmup.end=\"20%\"",
                "generators.linear-dictionary.normalize-columns=true", "generators.linear-dictionary.learning-rate=3",
                "train.epochs=4"));
        all.addAll(Arrays.asList(overrides));
        return new ConfigLoader(registry.classLoader()).load(Optional.empty(), all);
    }

    @Test
    void codesAreFistasSolutionOnTheCurrentDictionaryWithTheWarmedUpTau() {
        Experiment experiment = new ExperimentBuilder(registry).build(config());
        try (NDManager manager = experiment.manager()) {
            FistaFamily family = (FistaFamily) experiment.model().family();
            Matrix phi = experiment.model().generator().dictionary().orElseThrow();
            float[] x = new float[3 * 16];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            NDArray data = manager.create(x, new ai.djl.ndarray.types.Shape(3, 16));
            // Step 0 of 1000 with c ramping 0.1 → 1 over the first 20 %: τ = 0.3·0.1; halfway through the ramp 0.3·0.55.
            EngineSamplingContext atStart = new EngineSamplingContext(manager, new TrainingClock(0, 1000, 0), true, random.split());
            assertThat(family.tau(atStart)).isCloseTo(0.03, within(1e-12));
            EngineSamplingContext halfway = new EngineSamplingContext(manager, new TrainingClock(100, 1000, 0), true, random.split());
            assertThat(family.tau(halfway)).isCloseTo(0.3 * 0.55, within(1e-12));
            EngineSamplingContext evaluation = new EngineSamplingContext(manager, new TrainingClock(0, 1000, 0), false, random.split());
            assertThat(family.tau(evaluation)).isCloseTo(0.3, within(1e-12));

            CodeSample sample = family.sample(new Heads(java.util.Map.of("data", data)), 2, atStart);
            assertThat(sample.codes().getShape().getShape()).containsExactly(3, 2, 16);
            INDArray y = Nd4j.create(x, new long[] {3, 16}).transpose();
            INDArray expected = new Fista(phi).solve(y, 0.03, 500, 1e-3).codes().transpose();
            float[] got = sample.codes().get(":, 1, :").toFloatArray();
            for (int b = 0; b < 3; b++) {
                for (int k = 0; k < 16; k++) {
                    assertThat(got[b * 16 + k]).isEqualTo(expected.getFloat(b, k));
                }
            }
            assertThat(sample.kl().sum().getFloat()).isZero();
        }
    }

    @Test
    void aRunLearnsTheDictionaryFromFistaCodesAlone() throws Exception {
        RunResult result = new ExperimentRunner(registry, List.of(), new StopSignal()).run(config());
        assertThat(result.status()).isEqualTo(RunStatus.FINISHED);
        // 16 true atoms, exactly 2 active per sample: sparse coding with FISTA codes recovers nearly all (15 of 16 here).
        assertThat(result.metrics().get("dict/atoms_recovered")).isGreaterThanOrEqualTo(0.9);
        assertThat(result.metrics().get("val/kl")).isZero();
    }

    @Test
    void startUpChecksNameTheKeyToFix() {
        assertThatThrownBy(() -> new ExperimentBuilder(registry).build(config("model.encoder=mlp")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("needs model.encoder = identity, not 'mlp'");
        assertThatThrownBy(() -> new ExperimentBuilder(registry).build(config("model.samples=20")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("set model.samples = 1");
    }
}
