package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vsclab.tracking.TestStores.T0;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;

class FileRunCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void readsBackTheGoldenRun() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreGoldenTest.writeGoldenScenario(root);
        List<RunSummary> runs = new FileRunCatalog(root).runs(Optional.empty());
        assertThat(runs).hasSize(1);
        RunSummary run = runs.get(0);
        assertThat(run.runId()).isEqualTo(FileStoreGoldenTest.RUN_ID);
        assertThat(run.experimentId()).isEqualTo(FileStoreGoldenTest.EXPERIMENT_ID);
        assertThat(run.experimentName()).isEqualTo("vsc-linear");
        assertThat(run.runName()).isEqualTo("thresh-laplacian-seed0");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.startTime()).isEqualTo(T0);
        assertThat(run.endTime()).contains(T0 + 60_000);
        assertThat(run.params()).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.001", "estimator", "straight"));
        assertThat(run.tags()).containsEntry("mlflow.runName", "thresh-laplacian-seed0")
                .containsEntry("mlflow.user", "alice")
                .containsEntry("vsclab.family", "laplacian");
        assertThat(run.metrics()).containsOnlyKeys("loss", "kl", "train/elbo");
        assertThat(run.metrics().get("loss")).isNaN();
        assertThat(run.metrics().get("kl")).isEqualTo(1.5e-07);
        assertThat(run.metrics().get("train/elbo")).isEqualTo(100.0);
    }

    @Test
    void readsTheCheckedInGoldenTree() throws Exception {
        RunCatalog catalog = new FileRunCatalog(FileStoreGoldenTest.goldenRoot());
        RunSummary run = catalog.find("0f1e").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.metrics().get("kl")).isEqualTo(1.5e-07);
        // artifacts are read from the run folder even though artifact_uri holds a placeholder
        assertThat(catalog.artifact(run, "config/resolved.conf"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).startsWith("model.family"));
    }

    @Test
    void latestValueIsTheGreatestStepThenTimestampNotTheLastLine() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path runDir = writeMlflowRun(root, "1", "exp", "aaaa000000000000000000000000000a", 3, T0);
        Files.createDirectories(runDir.resolve("metrics"));
        Files.writeString(runDir.resolve("metrics/loss"),
                T0 + " 0.5 0\n" + (T0 + 1) + " 0.25 5\n" + (T0 + 2) + " 0.75 3\n");
        // same step: the later timestamp wins even if it comes first in the file
        Files.writeString(runDir.resolve("metrics/acc"), (T0 + 9) + " 0.9 2\n" + (T0 + 5) + " 0.1 2\n");
        // same step and timestamp: the larger value wins
        Files.writeString(runDir.resolve("metrics/tie"), T0 + " 1.0 1\n" + T0 + " 3.0 1\n" + T0 + " 2.0 1\n");
        // legacy 2-field lines (step 0) and Java-formatted values
        Files.writeString(runDir.resolve("metrics/legacy"), T0 + " 1.0E-5\n" + (T0 + 1) + " NaN\n");
        Files.writeString(runDir.resolve("metrics/javainf"), T0 + " -Infinity 0\n");
        Files.writeString(runDir.resolve("metrics/pyinf"), T0 + " -inf 0\n");

        RunSummary run = new FileRunCatalog(root).runs(Optional.empty()).get(0);
        assertThat(run.metrics().get("loss")).isEqualTo(0.25);
        assertThat(run.metrics().get("acc")).isEqualTo(0.9);
        assertThat(run.metrics().get("tie")).isEqualTo(3.0);
        assertThat(run.metrics().get("legacy")).isNaN();
        assertThat(run.metrics().get("javainf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(run.metrics().get("pyinf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void malformedMetricLineIsSkippedAndReportedOnce() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path runDir = writeMlflowRun(root, "1", "exp", "aaaa000000000000000000000000000a", 3, T0);
        Files.createDirectories(runDir.resolve("metrics"));
        Files.writeString(runDir.resolve("metrics/bad"), T0 + " 1.0 0 extra\n" + T0 + " 2.5 1\n" + T0 + " x 2\n");
        FileRunCatalog catalog = new FileRunCatalog(root);
        RunSummary run = catalog.runs(Optional.empty()).get(0);
        assertThat(run.metrics()).containsEntry("bad", 2.5);
        catalog.runs(Optional.empty());
        assertThat(catalog.problems()).singleElement().asString()
                .startsWith(runDir.resolve("metrics/bad") + ": 2 malformed metric lines skipped, first: line 1");
    }

    @Test
    void statusesAreReadBack() throws Exception {
        Path root = tmp.resolve("mlruns");
        TestStores.MutableClock clock = new TestStores.MutableClock(T0);
        FileStoreTracker tracker = TestStores.tracker(root, clock, List.of("7"),
                List.of(TestStores.runId('a', 1), TestStores.runId('b', 2), TestStores.runId('c', 3)));
        TrackedRun failed = tracker.startRun(new RunSpec("e", "failed", Map.of()));
        clock.advance(1000);
        TrackedRun killed = tracker.startRun(new RunSpec("e", "killed", Map.of()));
        clock.advance(1000);
        tracker.startRun(new RunSpec("e", "running", Map.of()));
        failed.end(RunStatus.FAILED);
        killed.end(RunStatus.KILLED);

        List<RunSummary> runs = tracker.catalog().runs(Optional.of("e"));
        assertThat(runs).extracting(RunSummary::runName).containsExactly("running", "killed", "failed");
        assertThat(runs).extracting(RunSummary::status)
                .containsExactly(RunStatus.RUNNING, RunStatus.KILLED, RunStatus.FAILED);
        assertThat(runs.get(0).endTime()).isEmpty();
        assertThat(runs.get(1).endTime()).contains(T0 + 2000);
    }

    @Test
    void listsNewestFirstAndFiltersByExperimentName() throws Exception {
        Path root = tmp.resolve("mlruns");
        TestStores.MutableClock clock = new TestStores.MutableClock(T0);
        FileStoreTracker tracker = TestStores.tracker(root, clock, List.of("11", "22"),
                List.of(TestStores.runId('a', 1), TestStores.runId('b', 2), TestStores.runId('c', 3)));
        tracker.startRun(new RunSpec("first", "r1", Map.of())).end(RunStatus.FINISHED);
        clock.advance(10);
        tracker.startRun(new RunSpec("second", "r2", Map.of())).end(RunStatus.FINISHED);
        clock.advance(10);
        tracker.startRun(new RunSpec("first", "r3", Map.of())).end(RunStatus.FINISHED);

        RunCatalog catalog = tracker.catalog();
        assertThat(catalog.runs(Optional.empty())).extracting(RunSummary::runName).containsExactly("r3", "r2", "r1");
        assertThat(catalog.runs(Optional.of("first"))).extracting(RunSummary::runName).containsExactly("r3", "r1");
        assertThat(catalog.runs(Optional.of("first"))).extracting(RunSummary::experimentId).containsOnly("11");
        assertThat(catalog.runs(Optional.of("second"))).extracting(RunSummary::runName).containsExactly("r2");
        assertThat(catalog.runs(Optional.of("missing"))).isEmpty();
        assertThat(catalog.runs(Optional.of("Default"))).isEmpty();
    }

    @Test
    void findsByIdOrUniquePrefixAndNamesAmbiguousMatches() throws Exception {
        Path root = tmp.resolve("mlruns");
        String a1 = "abc10000000000000000000000000001";
        String a2 = "abc20000000000000000000000000002";
        String b = "b0000000000000000000000000000003";
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("5"),
                List.of(a1, a2, b));
        for (int i = 0; i < 3; i++) {
            tracker.startRun(new RunSpec("e", "r" + i, Map.of()));
        }
        RunCatalog catalog = tracker.catalog();
        assertThat(catalog.find(a1)).map(RunSummary::runName).contains("r0");
        assertThat(catalog.find("abc2")).map(RunSummary::runId).contains(a2);
        assertThat(catalog.find("b")).map(RunSummary::runId).contains(b);
        assertThat(catalog.find("ffff")).isEmpty();
        assertThatThrownBy(() -> catalog.find("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(a1)
                .hasMessageContaining(a2)
                .hasMessageNotContaining(b);
    }

    @Test
    void readsArtifactsAndRejectsEscapes() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("5"),
                List.of(TestStores.runId('d', 1)));
        TrackedRun run = tracker.startRun(new RunSpec("e", "r", Map.of()));
        run.logArtifact("dir/data.bin", new byte[] {1, 2, 3});
        run.end(RunStatus.FINISHED);
        RunCatalog catalog = tracker.catalog();
        RunSummary summary = catalog.find(run.id()).orElseThrow();
        assertThat(catalog.artifact(summary, "dir/data.bin")).hasValueSatisfying(
                bytes -> assertThat(bytes).containsExactly(1, 2, 3));
        assertThat(catalog.artifact(summary, "dir/missing.bin")).isEmpty();
        assertThat(catalog.artifact(summary, "dir")).isEmpty();
        assertThatThrownBy(() -> catalog.artifact(summary, "../meta.yaml")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAStoreWrittenByRealMlflow() throws Exception {
        Path root = tmp.resolve("mlruns");
        // MLflow 3 style: no run_uuid, unknown keys, unquoted experiment id in an old experiment file
        Path expDir = Files.createDirectories(root.resolve("0"));
        Files.writeString(expDir.resolve("meta.yaml"), """
                artifact_location: file:///somewhere/else/mlruns/0
                creation_time: 1700000000000
                experiment_id: 0
                last_update_time: 1700000000000
                lifecycle_stage: active
                name: Default
                """);
        String runId = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        Path runDir = Files.createDirectories(expDir.resolve(runId));
        Files.writeString(runDir.resolve("meta.yaml"), """
                artifact_uri: file:///somewhere/else/mlruns/0/9f8e7d6c5b4a39281706f5e4d3c2b1a0/artifacts
                deleted_time: null
                end_time: 1700000005000
                entry_point_name: ''
                experiment_id: '0'
                lifecycle_stage: active
                run_id: 9f8e7d6c5b4a39281706f5e4d3c2b1a0
                run_name: crawling-owl-123
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: 1700000000000
                status: 3
                tags: []
                user_id: bob
                some_future_field: {nested: true}
                """);
        Files.createDirectories(runDir.resolve("params"));
        Files.writeString(runDir.resolve("params/alpha"), "0.5");
        Files.createDirectories(runDir.resolve("tags"));
        Files.writeString(runDir.resolve("tags/mlflow.runName"), "crawling-owl-123");
        Files.createDirectories(runDir.resolve("metrics"));
        Files.writeString(runDir.resolve("metrics/rmse"), "1700000001000 0.7 0\n1700000002000 0.6 1\n");
        // folders that are not runs or experiments are skipped
        Files.createDirectories(expDir.resolve("tags"));
        Files.createDirectories(expDir.resolve("datasets/abc"));
        Files.createDirectories(root.resolve(".trash"));
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("not-an-experiment"));
        Files.createDirectories(expDir.resolve("half-written-run"));
        Files.writeString(expDir.resolve("half-written-run/meta.yaml"), "{{ not yaml");

        RunCatalog catalog = new FileRunCatalog(root);
        List<RunSummary> runs = catalog.runs(Optional.empty());
        assertThat(runs).hasSize(1);
        RunSummary run = runs.get(0);
        assertThat(run.runId()).isEqualTo(runId);
        assertThat(run.experimentId()).isEqualTo("0");
        assertThat(run.experimentName()).isEqualTo("Default");
        assertThat(run.runName()).isEqualTo("crawling-owl-123");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.endTime()).contains(1700000005000L);
        assertThat(run.params()).containsExactly(Map.entry("alpha", "0.5"));
        assertThat(run.metrics()).containsExactly(Map.entry("rmse", 0.6));
        assertThat(catalog.runs(Optional.of("Default"))).hasSize(1);
        assertThat(catalog.find("9f8e")).isPresent();
    }

    @Test
    void runWithoutRunIdFallsBackToRunUuidAndFolderName() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path runDir = writeMlflowRun(root, "3", "old", "cafe0000000000000000000000000001", 4, T0);
        String meta = Files.readString(runDir.resolve("meta.yaml")).replace("run_id: ", "run_uuid: ");
        Files.writeString(runDir.resolve("meta.yaml"), meta);
        RunSummary run = new FileRunCatalog(root).find("cafe").orElseThrow();
        assertThat(run.runId()).isEqualTo("cafe0000000000000000000000000001");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void deletedRunsAndTrashedExperimentsAreNotListed() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path runDir = writeMlflowRun(root, "3", "exp", "dead0000000000000000000000000001", 3, T0);
        writeMlflowRun(root, "3", "exp", "a11e0000000000000000000000000002", 3, T0);
        Files.writeString(runDir.resolve("meta.yaml"),
                Files.readString(runDir.resolve("meta.yaml")).replace("lifecycle_stage: active", "lifecycle_stage: deleted"));
        writeMlflowRun(root.resolve(".trash"), "4", "gone", "0ld00000000000000000000000000003", 3, T0);
        RunCatalog catalog = new FileRunCatalog(root);
        assertThat(catalog.runs(Optional.empty())).extracting(RunSummary::runId)
                .containsExactly("a11e0000000000000000000000000002");
        assertThat(catalog.find("dead")).isEmpty();
        assertThat(catalog.runs(Optional.of("gone"))).isEmpty();
    }

    @Test
    void missingStoreIsEmpty() throws Exception {
        RunCatalog catalog = new FileRunCatalog(tmp.resolve("nothing-here"));
        assertThat(catalog.runs(Optional.empty())).isEmpty();
        assertThat(catalog.find("abc")).isEmpty();
        assertThat(tmp.resolve("nothing-here")).doesNotExist();
    }

    /** Writes an experiment (if needed) and a run the way MLflow 2.x does, returning the run folder. */
    static Path writeMlflowRun(Path root, String experimentId, String experimentName, String runId, int status,
            long start) throws Exception {
        Path expDir = Files.createDirectories(root.resolve(experimentId));
        if (!Files.exists(expDir.resolve("meta.yaml"))) {
            Files.writeString(expDir.resolve("meta.yaml"), "artifact_location: file:///x/" + experimentId
                    + "\ncreation_time: " + start + "\nexperiment_id: '" + experimentId
                    + "'\nlast_update_time: " + start + "\nlifecycle_stage: active\nname: " + experimentName + "\n");
        }
        Path runDir = Files.createDirectories(expDir.resolve(runId));
        Files.writeString(runDir.resolve("meta.yaml"), "artifact_uri: file:///x/" + experimentId + "/" + runId
                + "/artifacts\ndeleted_time: null\nend_time: " + (start + 1) + "\nentry_point_name: ''\n"
                + "experiment_id: '" + experimentId + "'\nlifecycle_stage: active\nrun_id: " + runId
                + "\nrun_name: name-" + runId.substring(0, 4) + "\nsource_name: ''\nsource_type: 4\n"
                + "source_version: ''\nstart_time: " + start + "\nstatus: " + status + "\ntags: []\nuser_id: u\n");
        return runDir;
    }
}
