package org.vsclab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Scalars;
import org.vsclab.tracking.FileStoreTracker;
import org.vsclab.train.EpochReport;
import org.vsclab.train.NonFiniteValueException;
import org.vsclab.train.RunInterruptedException;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.StepReport;
import org.vsclab.train.StopSignal;
import org.vsclab.train.TrainingListener;

/**
 * Tracked runs end to end on a small synthetic problem with the framework's test prior: what a
 * finished run records, reproducibility by seed, and how failed and interrupted runs end.
 */
class ExperimentRunnerTest {

    private static final Path SMALL = Path.of("src/test/resources/config/small.conf");
    private static ComponentRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void plugins() {
        registry = PluginLoader.load(List.of());
    }

    private ExperimentConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of(overrides));
        all.add("tracking.uri=" + tmp.resolve("mlruns"));
        return new ConfigLoader(registry.classLoader()).load(Optional.of(SMALL), all);
    }

    private RunResult run(List<TrainingListener> listeners, StopSignal stop, String... overrides) {
        return new ExperimentRunner(registry, listeners, stop).run(config(overrides));
    }

    private FileStoreTracker store() {
        return FileStoreTracker.open(tmp.resolve("mlruns").toString());
    }

    private Path runDir(String runId) throws Exception {
        try (var dirs = Files.walk(tmp.resolve("mlruns"), 2)) {
            return dirs.filter(p -> p.getFileName().toString().equals(runId)).findFirst().orElseThrow();
        }
    }

    private static List<String> values(Path metricFile) throws Exception {
        return Files.readAllLines(metricFile).stream().map(l -> l.split(" ")[1] + " " + l.split(" ")[2]).toList();
    }

    @Test
    void finishedRunRecordsEverythingNeededToRecreateIt() throws Exception {
        RunResult result = run(List.of(), new StopSignal());
        assertThat(result.status()).isEqualTo(RunStatus.FINISHED);
        RunSummary run = store().catalog().find(result.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.experimentName()).isEqualTo("framework-tests");
        assertThat(run.runName()).isEqualTo("test-gaussian-seed0");
        assertThat(run.params()).containsEntry("model.prior", "test-gaussian").containsEntry("train.epochs", "2")
                .containsEntry("encoders.mlp.hidden", "[32]").containsKey("priors.test-gaussian.prior-variance")
                .doesNotContainKey("priors.thresholded-laplacian.lambda");
        assertThat(run.tags()).containsKeys("mlflow.user", "mlflow.source.name", "vsc.engine", "vsc.seed",
                "vsc.data.train.sha256", "vsc.component.prior");
        assertThat(run.metrics()).containsKeys("train/loss", "train/recon", "train/kl", "train/nonzero_frac",
                "train/l0", "train_epoch/loss", "val/loss", "val/nonzero_frac", "dict/atoms_recovered", "epoch/seconds");
        Path dir = runDir(result.runId());
        assertThat(Files.readAllLines(dir.resolve("metrics/train/loss"))).hasSize(2 * 8);  // 400/50 steps × 2 epochs
        assertThat(Files.readAllLines(dir.resolve("metrics/val/loss"))).hasSize(2);

        NpyArray dictionary = Npy.read(dir.resolve("artifacts/dictionary.npy"));
        assertThat(dictionary.shape()).containsExactly(8, 16);
        NpyArray codes = Npy.read(dir.resolve("artifacts/val_codes.npy"));
        assertThat(codes.shape()).containsExactly(100, 16);
        assertThat(dir.resolve("artifacts/dictionary.png")).exists();
        assertThat(dir.resolve("artifacts/checkpoints/last/generator.dictionary.npy")).exists();
        assertThat(dir.resolve("artifacts/checkpoints/last/encoder.heads.weight.npy")).exists();

        // The recorded config.conf re-creates the run: same resolved values.
        ExperimentConfig again = new ConfigLoader(registry.classLoader())
                .load(Optional.of(dir.resolve("artifacts/config.conf")), List.of());
        assertThat(again.flatten(k -> true)).isEqualTo(config().flatten(k -> true));
    }

    @Test
    void theSameSeedGivesTheSameMetricsAndAnotherSeedOthers() throws Exception {
        RunResult a = run(List.of(), new StopSignal(), "run-name=a");
        RunResult b = run(List.of(), new StopSignal(), "run-name=b");
        RunResult c = run(List.of(), new StopSignal(), "run-name=c", "seed=1");
        List<String> la = values(runDir(a.runId()).resolve("metrics/train/loss"));
        assertThat(values(runDir(b.runId()).resolve("metrics/train/loss"))).isEqualTo(la);
        assertThat(values(runDir(a.runId()).resolve("metrics/val/loss")))
                .isEqualTo(values(runDir(b.runId()).resolve("metrics/val/loss")));
        assertThat(values(runDir(c.runId()).resolve("metrics/train/loss"))).isNotEqualTo(la);
    }

    @Test
    void nonFiniteLossFailsTheRunAtItsStepAndKeepsWhatWasLogged() throws Exception {
        // After the first epoch a listener poisons one encoder weight: the next step's loss is NaN.
        TrainingListener poison = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report, SparseCodingModel model) {
                var w = model.encoder().parameters().get(0).value();
                w.muli(Scalars.like(w, Double.NaN));
            }
        };
        assertThatThrownBy(() -> run(List.of(poison), new StopSignal()))
                .isInstanceOfSatisfying(RunEndedException.class, e -> {
                    assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(e.getCause()).isInstanceOf(NonFiniteValueException.class)
                            .hasMessageContaining("at step 8 (epoch 1)");
                });
        RunSummary run = store().catalog().runs(Optional.empty()).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.endTime()).isPresent();
        assertThat(run.tags().get("vsc.end.reason")).contains("step 8");
        Path dir = runDir(run.runId());
        assertThat(Files.readAllLines(dir.resolve("metrics/train/loss"))).hasSize(8);
        // The poisoned state is never checkpointed: the last checkpoint is still the initial one.
        assertThat(checkpoint(dir).get("step").getAsLong()).isZero();
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossFailsTheRunAtThatStep() throws Exception {
        assertThatThrownBy(() -> run(List.of(), new StopSignal(), "model.generator=test-nan-gradient"))
                .isInstanceOfSatisfying(RunEndedException.class, e -> assertThat(e.getCause())
                        .isInstanceOf(NonFiniteValueException.class)
                        .hasMessageStartingWith("The gradient of encoder.trunk.0.weight is not finite at step 0 (epoch 1)"));
        RunSummary run = store().catalog().runs(Optional.empty()).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(runDir(run.runId()).resolve("metrics/train/loss")).as("no step completed").doesNotExist();
    }

    @Test
    void aDictionaryThatOverflowsFailsTheRunAtTheStepOfItsUpdate() throws Exception {
        assertThatThrownBy(() -> run(List.of(), new StopSignal(), "generators.linear-dictionary.learning-rate=1e300"))
                .isInstanceOfSatisfying(RunEndedException.class, e -> assertThat(e.getCause())
                        .isInstanceOf(NonFiniteValueException.class)
                        .hasMessageStartingWith("Generator.dictionary after the generator's own update is not finite at step 0"));
        Path dir = runDir(store().catalog().runs(Optional.empty()).get(0).runId());
        assertThat(checkpoint(dir).get("step").getAsLong()).as("the initial checkpoint is kept").isZero();
    }

    @Test
    void stoppedRunIsKilledAfterItsCurrentStep() throws Exception {
        StopSignal stop = new StopSignal();
        TrainingListener ctrlC = new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
                if (report.clock().step() == 10) {
                    stop.request("interrupted by the test");
                }
            }
        };
        assertThatThrownBy(() -> run(List.of(ctrlC), stop))
                .isInstanceOfSatisfying(RunEndedException.class, e -> {
                    assertThat(e.status()).isEqualTo(RunStatus.KILLED);
                    assertThat(e.getCause()).isInstanceOf(RunInterruptedException.class);
                });
        RunSummary run = store().catalog().runs(Optional.empty()).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.KILLED);
        Path dir = runDir(run.runId());
        assertThat(Files.readAllLines(dir.resolve("metrics/train/loss"))).hasSize(11);
        // Checkpointed after its current step: 11 steps taken, the next is batch 3 of the second epoch.
        JsonObject checkpoint = checkpoint(dir);
        assertThat(checkpoint.get("step").getAsLong()).isEqualTo(11);
        assertThat(checkpoint.get("epoch").getAsInt()).isEqualTo(1);
        assertThat(checkpoint.get("batch").getAsInt()).isEqualTo(3);
    }

    private static JsonObject checkpoint(Path runDir) throws Exception {
        return JsonParser.parseString(Files.readString(runDir.resolve("artifacts/checkpoints/last/checkpoint.json")))
                .getAsJsonObject();
    }

    @Test
    void aPriorNeedingAHeadTheEncoderCannotGiveFailsAtStartUp() {
        assertThatThrownBy(() -> run(List.of(), new StopSignal(), "model.encoder=test-loc-only"))
                .isInstanceOf(org.vsclab.config.ConfigError.class)
                .hasMessageContaining("The prior 'test-gaussian' (model.prior (set in")
                .hasMessageContaining("needs the head 'log-variance'")
                .hasMessageContaining("encoder 'test-loc-only' (model.encoder (set by command-line override")
                .hasMessageContaining("it gives only 'loc'");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }

    @Test
    void badConfigurationFailsBeforeAnyRunIsRecorded() {
        assertThatThrownBy(() -> run(List.of(), new StopSignal(), "data.batch-size=100000"))
                .hasMessageContaining("data.batch-size").hasMessageContaining("at most the training set size (400)");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }
}
