package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.ArtifactEntry;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;
import org.vsclab.testing.Services;
import org.vsclab.tracking.FileRunCatalog;
import org.vsclab.tracking.FileStoreTracker;

/**
 * Python MLflow 3.18 reads what VSC Lab writes, and finds it as VSC Lab reads it: a FileStore
 * ({@code MLFLOW_ALLOW_FILE_STORE=true}), the same store after {@code mlflow migrate-filestore}, and
 * runs delivered to the real server. The Python side is {@code testing/interop/mlflow_dump.py}.
 */
class PythonInteropTest {

    @TempDir
    Path tmp;

    private final String experiment = "interop-" + UUID.randomUUID();

    /** Logs a parent with two children: params, histories with steps (one NaN), tags, nested artifacts. */
    private List<String> logRuns(Tracker tracker) throws Exception {
        List<String> ids = new ArrayList<>();
        Path file = tmp.resolve("codes.bin");
        Files.write(file, new byte[12_345]);
        TrackedRun parent = tracker.startRun(new RunSpec(experiment, "sweep", Map.of("mlflow.user", "carol")));
        ids.add(parent.id());
        for (int c = 0; c < 2; c++) {
            TrackedRun child = tracker.startRun(new RunSpec(experiment, "point-" + c,
                    Map.of("mlflow.parentRunId", parent.id(), "vsc.sweep.point", "seed=" + c)));
            child.logParams(Map.of("seed", "" + c, "model.prior", "thresholded-laplacian", "encoders.mlp.hidden", "[512, 256]"));
            for (int step = 0; step < 30; step++) {
                child.logMetrics(Map.of("train/loss", 1.0 / (step + 1 + c), "train/lr", 1e-5 * step), step);
            }
            child.logMetrics(Map.of("val/loss", 0.5 + c, "val/odd", Double.NaN), 29);
            child.logArtifact("config.conf", ("seed = " + c + "\n").getBytes(StandardCharsets.UTF_8));
            child.logArtifact("checkpoints/last/codes.bin", file);
            child.end(c == 0 ? RunStatus.FINISHED : RunStatus.FAILED);
            ids.add(child.id());
        }
        parent.end(RunStatus.FINISHED);
        return ids;
    }

    private JsonObject python(String... args) throws Exception {
        String python = Services.require("VSC_TEST_MLFLOW_PYTHON", "the MLflow installation of testing/services/mlflow.sh");
        Path script = repositoryRoot().resolve("testing/interop/mlflow_dump.py");
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(tmp.resolve("python.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python: %s", Files.readString(tmp.resolve("python.log"))).isZero();
        JsonReader reader = new JsonReader(new StringReader(out));
        reader.setLenient(true);                                  // Python's json writes NaN
        return JsonParser.parseReader(reader).getAsJsonObject();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("testing/interop/mlflow_dump.py"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with testing/interop/)").isNotNull();
        return dir;
    }

    @Test
    void pythonMlflowReadsOurFileStoreAndItsMigrationToSqliteAsWeDo() throws Exception {
        Path root = tmp.resolve("mlruns");
        List<String> ids;
        try (Tracker tracker = FileStoreTracker.open(root.toString())) {
            ids = logRuns(tracker);
        }
        JsonObject dump = python("filestore", root.toString(), experiment);
        FileRunCatalog ours = new FileRunCatalog(root);
        assertSameRuns(dump.getAsJsonObject("filestore").getAsJsonObject(experiment), ours, ids, ids.get(0));
        assertThat(dump.get("migrate_exit").getAsInt()).as(dump.get("migrate_output").getAsString()).isZero();
        assertSameRuns(dump.getAsJsonObject("migrated").getAsJsonObject(experiment), ours, ids, ids.get(0));
    }

    @Test
    void pythonMlflowReadsRunsDeliveredToTheServerAsWeDo() throws Exception {
        String uri = ServerTrackerTest.serverUri();
        MlflowRest rest = new MlflowRest(uri, Credentials.none(), Duration.ofSeconds(20));
        List<String> localIds;
        try (Tracker tracker = new ServerTracker(rest, tmp.resolve("outbox"), Duration.ofSeconds(60))) {
            localIds = logRuns(tracker);
        }
        RunCatalog server = new ServerCatalog(rest);
        List<String> remoteIds = new ArrayList<>();
        for (String id : localIds) {
            remoteIds.add(server.find(id).orElseThrow().runId());
        }
        JsonObject dump = python("server", uri, experiment);
        assertSameRuns(dump.getAsJsonObject("server").getAsJsonObject(experiment), server, remoteIds, remoteIds.get(0));
        FileRunCatalog outbox = new FileRunCatalog(tmp.resolve("outbox"));        // and what was logged
        for (int i = 1; i < localIds.size(); i++) {
            RunSummary local = outbox.find(localIds.get(i)).orElseThrow();
            RunSummary remote = server.find(remoteIds.get(i)).orElseThrow();
            assertThat(server.metricHistory(remote, "train/loss")).isEqualTo(outbox.metricHistory(local, "train/loss"));
            assertThat(remote.params()).isEqualTo(local.params());
        }
    }

    private void assertSameRuns(JsonObject experimentDump, RunCatalog ours, List<String> ids, String parentId) throws Exception {
        assertThat(experimentDump).as("Python finds the experiment").isNotNull();
        JsonObject runs = experimentDump.getAsJsonObject("runs");
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            RunSummary run = ours.find(id).orElseThrow();
            JsonObject py = runs.getAsJsonObject(id);
            assertThat(experimentDump.get("id").getAsString()).isEqualTo(run.experimentId());
            assertThat(py.get("name").getAsString()).isEqualTo(run.runName());
            assertThat(py.get("status").getAsString()).isEqualTo(run.status().name());
            assertThat(py.get("start").getAsLong()).isEqualTo(run.startTime());
            assertThat(py.get("end").getAsLong()).isEqualTo(run.endTime().orElseThrow());
            assertThat(strings(py.getAsJsonObject("params"))).isEqualTo(run.params());
            assertThat(strings(py.getAsJsonObject("tags"))).containsAllEntriesOf(run.tags());
            Map<String, Double> latest = new TreeMap<>();
            py.getAsJsonObject("metrics").entrySet().forEach(e -> latest.put(e.getKey(), e.getValue().getAsDouble()));
            assertThat(latest.keySet()).isEqualTo(run.metrics().keySet());
            latest.forEach((k, v) -> assertThat(v).as(k).isEqualTo(run.metrics().get(k)));
            for (String key : run.metrics().keySet()) {
                List<MetricPoint> history = new ArrayList<>();
                for (JsonElement point : py.getAsJsonObject("history").getAsJsonArray(key)) {
                    var a = point.getAsJsonArray();
                    history.add(new MetricPoint(a.get(2).getAsLong(), a.get(1).getAsDouble(), a.get(0).getAsLong()));
                }
                assertThat(history).as("history of %s", key).isEqualTo(ours.metricHistory(run, key));
            }
            List<List<Object>> artifacts = new ArrayList<>();
            for (JsonElement a : py.getAsJsonArray("artifacts")) {
                artifacts.add(List.of(a.getAsJsonArray().get(0).getAsString(), a.getAsJsonArray().get(1).getAsLong()));
            }
            assertThat(artifacts).isEqualTo(allArtifacts(ours, run, ""));
            List<String> children = new ArrayList<>();
            py.getAsJsonArray("children").forEach(c -> children.add(c.getAsString()));
            assertThat(children).as("children of %s", id)
                    .containsExactlyInAnyOrderElementsOf(id.equals(parentId) ? ids.subList(1, ids.size()) : List.of());
        }
    }

    private static List<List<Object>> allArtifacts(RunCatalog catalog, RunSummary run, String dir) throws Exception {
        List<List<Object>> found = new ArrayList<>();
        for (ArtifactEntry e : catalog.artifacts(run, dir)) {
            if (e.directory()) {
                found.addAll(allArtifacts(catalog, run, e.path()));
            } else {
                found.add(List.of(e.path(), e.size()));
            }
        }
        found.sort((a, b) -> ((String) a.get(0)).compareTo((String) b.get(0)));
        return found;
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> m = new TreeMap<>();
        o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        return m;
    }

}
