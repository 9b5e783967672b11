package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileStoreTracker;

/**
 * A run killed with SIGKILL in the middle of an epoch and resumed with {@code vsc resume} ends exactly
 * as the same run without the kill: the same final metrics and metric histories (no duplicated
 * points), the same parameters and optimiser state, bit for bit.
 */
class ResumeTest {

    @TempDir
    Path tmp;

    /** 4 epochs × 12 steps, a mid-epoch checkpoint every 5 steps; about a second of training. */
    private static final List<String> SMALL = List.of("train.epochs=4", "data-sources.synthetic.dimension=16",
            "data-sources.synthetic.atoms=24", "data-sources.synthetic.active=3", "data-sources.synthetic.train-samples=600",
            "data-sources.synthetic.validation-samples=60", "data.batch-size=50", "model.latent-dim=24", "model.samples=6",
            "encoders.mlp.hidden=[32]", "train.checkpoint.every-steps=5", "train.checkpoint.every-minutes=0");

    @ParameterizedTest
    @ValueSource(strings = {"fixed", "learned"})
    void aRunKilledMidEpochResumesToTheUninterruptedResult(String threshold) throws Exception {
        List<String> overrides = new ArrayList<>(SMALL);
        overrides.add("priors.thresholded-laplacian.learned-threshold.enabled=" + threshold.equals("learned"));

        Path reference = tmp.resolve("reference");
        VscCli.Output uninterrupted = VscCli.run(args(reference, overrides, "run-name=reference"));
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();

        Path killed = tmp.resolve("killed");
        Process child = ChildVsc.start(tmp.resolve("child.log"), args(killed, overrides, "run-name=killed"));
        long killedAtCheckpointStep = waitForCheckpoint(killed, 17, child);
        child.destroyForcibly();   // SIGKILL: no shutdown hook, nothing flushed
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunSummary lost = only(killed);
        assertThat(lost.status()).as("a SIGKILLed run is left RUNNING in the store").isEqualTo(RunStatus.RUNNING);
        assertThat(killedAtCheckpointStep).as("killed in the middle of the run").isBetween(17L, 47L);

        VscCli.Output resumed = VscCli.run("resume", lost.runId().substring(0, 8), "--uri", killed.toString(), "--no-progress");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("FINISHED");

        RunSummary a = only(reference);
        RunSummary b = only(killed);
        assertThat(b.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(b.tags()).containsEntry("vsc.resumed", "1");
        assertThat(withoutWallTime(b.metrics())).isEqualTo(withoutWallTime(a.metrics()));
        Path runA = runDir(reference, a);
        Path runB = runDir(killed, b);
        for (String metric : List.of("train/loss", "train/recon", "val/loss", "val/nonzero_frac", "dict/atoms_recovered")) {
            assertThat(history(runB, metric)).as(metric + ": values and steps, no duplicates").isEqualTo(history(runA, metric));
        }
        assertThat(history(runB, "train/loss")).hasSize(48);
        Map<String, String> arraysA = checkpointHashes(runA);
        assertThat(arraysA).containsKeys("encoder.heads.weight", "generator.dictionary", "optimizer.adam.steps");
        assertThat(checkpointHashes(runB)).as("parameters and optimiser state at the end").isEqualTo(arraysA);
        assertThat(Files.readAllBytes(runB.resolve("artifacts/dictionary.npy")))
                .isEqualTo(Files.readAllBytes(runA.resolve("artifacts/dictionary.npy")));
    }

    @Test
    void finishedAndUnknownRunsCannotBeResumed() {
        Path store = tmp.resolve("store");
        VscCli.Output run = VscCli.run(args(store, SMALL, "train.epochs=1"));
        assertThat(run.code()).as(run.err()).isZero();
        String id = only(store).runId();
        VscCli.Output again = VscCli.run("resume", id, "--uri", store.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("is FINISHED; there is nothing to resume");
        VscCli.Output unknown = VscCli.run("resume", "ffffffff", "--uri", store.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("No run 'ffffffff'");
    }

    static Map<String, Double> withoutWallTime(Map<String, Double> metrics) {
        Map<String, Double> out = new TreeMap<>(metrics);
        out.remove("epoch/seconds");
        return out;
    }

    private static String[] args(Path store, List<String> overrides, String... more) {
        List<String> args = new ArrayList<>(List.of("run", QuickstartTest.QUICKSTART.toString(), "--no-progress",
                "tracking.uri=" + store, "experiment=resume"));
        args.addAll(overrides);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Waits until the child's latest checkpoint is at least at the given step; returns that step. */
    static long waitForCheckpoint(Path store, long step, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("the child run ended before it could be killed").isTrue();
            Optional<Path> manifest = findManifest(store);
            if (manifest.isPresent()) {
                try {
                    long at = JsonParser.parseString(Files.readString(manifest.get())).getAsJsonObject().get("step").getAsLong();
                    if (at >= step) {
                        return at;
                    }
                } catch (RuntimeException | java.io.IOException halfWritten) {
                    // read while being replaced: try again
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no checkpoint at step " + step + " within 120 s");
    }

    private static Optional<Path> findManifest(Path store) throws java.io.IOException {
        if (!Files.isDirectory(store)) {
            return Optional.empty();
        }
        // The run's folder is found by its artifacts/ folder; the store changes while it is read.
        try (Stream<Path> experiments = Files.list(store)) {
            for (Path experiment : experiments.toList()) {
                try (Stream<Path> runs = Files.list(experiment)) {
                    for (Path run : runs.toList()) {
                        Path manifest = run.resolve("artifacts/checkpoints/last/checkpoint.json");
                        if (Files.isRegularFile(manifest)) {
                            return Optional.of(manifest);
                        }
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException notADirectory) {
                    // meta.yaml, .trash, a file being replaced
                }
            }
        }
        return Optional.empty();
    }

    static RunSummary only(Path store) {
        try {
            List<RunSummary> runs = FileStoreTracker.open(store.toString()).catalog().runs(Optional.of("resume"));
            assertThat(runs).hasSize(1);
            return runs.get(0);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path runDir(Path store, RunSummary run) {
        return store.resolve(run.experimentId()).resolve(run.runId());
    }

    /** Returns the "value step" pairs of a metric's history, in file order (timestamps differ between runs). */
    static List<String> history(Path runDir, String metric) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics").resolve(metric))) {
            String[] f = line.split(" ");
            out.add(f[1] + " " + f[2]);
        }
        return out;
    }

    /** Returns each array's SHA-256 in the final checkpoint. */
    static Map<String, String> checkpointHashes(Path runDir) throws java.io.IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(runDir.resolve("artifacts/checkpoints/last/checkpoint.json")))
                .getAsJsonObject();
        Map<String, String> hashes = new TreeMap<>();
        manifest.getAsJsonArray("arrays").forEach(e -> hashes.put(e.getAsJsonObject().get("name").getAsString(),
                e.getAsJsonObject().get("sha256").getAsString()));
        return hashes;
    }
}
