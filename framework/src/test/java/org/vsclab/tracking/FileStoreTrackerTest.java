package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vsclab.tracking.TestStores.T0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

class FileStoreTrackerTest {

    @TempDir
    Path tmp;

    @Test
    void opensFileUrisAndPlainPaths() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(FileStoreTracker.open("file:./mlruns").root()).isEqualTo(cwd.resolve("mlruns"));
        assertThat(FileStoreTracker.open("file:mlruns").root()).isEqualTo(cwd.resolve("mlruns"));
        assertThat(FileStoreTracker.open("./mlruns").root()).isEqualTo(cwd.resolve("mlruns"));
        assertThat(FileStoreTracker.open("mlruns").root()).isEqualTo(cwd.resolve("mlruns"));
        assertThat(FileStoreTracker.open("file:///abs/mlruns").root()).isEqualTo(Path.of("/abs/mlruns"));
        assertThat(FileStoreTracker.open("file:/abs/mlruns").root()).isEqualTo(Path.of("/abs/mlruns"));
        assertThat(FileStoreTracker.open("file://localhost/abs/mlruns").root()).isEqualTo(Path.of("/abs/mlruns"));
        assertThat(FileStoreTracker.open("/abs/mlruns/").root()).isEqualTo(Path.of("/abs/mlruns"));
        assertThat(FileStoreTracker.open("file:///abs/my%20runs").root()).isEqualTo(Path.of("/abs/my runs"));
    }

    @Test
    void uriIsReturnedAsGiven() {
        assertThat(FileStoreTracker.open("file:./mlruns").uri()).isEqualTo("file:./mlruns");
        assertThat(FileStoreTracker.open("./mlruns").uri()).isEqualTo("./mlruns");
        Path root = tmp.resolve("mlruns");
        assertThat(new FileStoreTracker(root, java.time.Clock.systemUTC(), IdSource.random()).uri())
                .isEqualTo("file://" + root.toAbsolutePath());
    }

    @Test
    void rejectsNonFileUris() {
        for (String uri : List.of("http://localhost:5000", "https://mlflow.example.com", "sqlite:///mlflow.db",
                "file://otherhost/mlruns", "", "file:")) {
            assertThatThrownBy(() -> FileStoreTracker.open(uri)).as(uri).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void openCreatesNothingUntilTheFirstRun() {
        Path root = tmp.resolve("later");
        FileStoreTracker tracker = FileStoreTracker.open(root.toString());
        assertThat(root).doesNotExist();
        TrackedRun run = tracker.startRun(new RunSpec("e", "r", Map.of()));
        assertThat(root.resolve("0/meta.yaml")).isRegularFile();
        assertThat(root.resolve(".trash")).isDirectory();
        assertThat(run.id()).matches("[0-9a-f]{32}");
        assertThat(run.experimentId()).matches("[1-9][0-9]{0,17}");
        assertThat(root.resolve(run.experimentId()).resolve(run.id()).resolve("meta.yaml")).isRegularFile();
        run.end(RunStatus.FINISHED);
    }

    @Test
    void reusesAnExperimentByNameAndCanUseTheDefaultExperiment() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("77"),
                List.of(TestStores.runId('1', 1), TestStores.runId('2', 2), TestStores.runId('3', 3)));
        TrackedRun first = tracker.startRun(new RunSpec("e", "a", Map.of()));
        TrackedRun second = tracker.startRun(new RunSpec("e", "b", Map.of()));
        TrackedRun third = tracker.startRun(new RunSpec("Default", "c", Map.of()));
        assertThat(first.experimentId()).isEqualTo("77");
        assertThat(second.experimentId()).isEqualTo("77");
        assertThat(third.experimentId()).isEqualTo("0");
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".trash", "0", "77", StoreLock.FILE);
        }
    }

    @Test
    void experimentIdCollisionsAreRetried() {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("0", "9"),
                List.of(TestStores.runId('1', 1)));
        assertThat(tracker.startRun(new RunSpec("e", "a", Map.of())).experimentId()).isEqualTo("9");
    }

    @Test
    void refusesExperimentsThatAreDeleted() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("12"),
                List.of(TestStores.runId('1', 1)));
        tracker.startRun(new RunSpec("Default", "a", Map.of())).end(RunStatus.FINISHED);
        FileRunCatalogTest.writeMlflowRun(root.resolve(".trash"), "99", "trashed", TestStores.runId('9', 9), 3, T0);
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("trashed", "b", Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trashed")
                .hasMessageContaining("deleted");
        Path meta = root.resolve("0/meta.yaml");
        Files.writeString(meta, Files.readString(meta).replace("lifecycle_stage: active", "lifecycle_stage: deleted"));
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("Default", "b", Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deleted");
    }

    @Test
    void existingStoreWithoutDefaultExperimentIsLeftAlone() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileRunCatalogTest.writeMlflowRun(root, "5", "mine", TestStores.runId('5', 5), 3, T0);
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of(),
                List.of(TestStores.runId('6', 6)));
        TrackedRun run = tracker.startRun(new RunSpec("mine", "again", Map.of()));
        assertThat(run.experimentId()).isEqualTo("5");
        assertThat(root.resolve("0")).doesNotExist();
        assertThat(root.resolve(".trash")).isDirectory();
        // the run's artifact URI follows the experiment's recorded artifact location, as in MLflow
        assertThat(run.artifactUri()).isEqualTo("file:///x/5/" + run.id() + "/artifacts");
    }

    @Test
    void validatesTheSpec() {
        FileStoreTracker tracker = TestStores.tracker(tmp.resolve("mlruns"), new TestStores.MutableClock(T0),
                List.of("1"), List.of(TestStores.runId('1', 1), TestStores.runId('2', 2)));
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("e", "a", Map.of("mlflow.runName", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mlflow.runName");
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("e", "a", Map.of("bad*key", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad*key");
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("", "a", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.startRun(new RunSpec("e", "", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tracker.startRun(new RunSpec("e", "a", Map.of("mlflow.runName", "a"))).id())
                .isEqualTo(TestStores.runId('1', 1));
    }

    @Test
    void randomIdsHaveMlflowShapes() {
        IdSource ids = IdSource.random();
        for (int i = 0; i < 200; i++) {
            assertThat(ids.newRunId()).matches("[0-9a-f]{32}");
            assertThat(ids.newExperimentId()).matches("[1-9][0-9]{0,17}");
        }
        assertThat(ids.newRunId()).isNotEqualTo(ids.newRunId());
    }

    @Test
    void catalogOfTheTrackerSeesItsRuns() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = TestStores.tracker(root, new TestStores.MutableClock(T0), List.of("3"),
                List.of(TestStores.runId('e', 1)));
        TrackedRun run = tracker.startRun(new RunSpec("e", "r", Map.of("mlflow.user", "carol")));
        run.logParams(Map.of("a", "1"));
        run.logMetrics(Map.of("m", 2.0), 0);
        run.flush();
        var summary = tracker.catalog().find(run.id()).orElseThrow();
        assertThat(summary.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(summary.params()).containsEntry("a", "1");
        assertThat(summary.metrics()).containsEntry("m", 2.0);
        assertThat(summary.tags()).containsEntry("mlflow.user", "carol");
        assertThat(tracker.catalog().runs(Optional.of("e"))).hasSize(1);
    }
}
