package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.ArtifactEntry;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.testing.Services;
import org.vsclab.tracking.FileRunCatalog;

/** The server tracker against the real MLflow 3.18 server that ./run-tests starts. */
class ServerTrackerTest {

    @TempDir
    Path tmp;

    static String serverUri() {
        return Services.require("VSC_TEST_MLFLOW_URI", "the MLflow server");
    }

    static ServerTracker tracker(String uri, Path outbox) {
        return new ServerTracker(new MlflowRest(uri, Credentials.none(), Duration.ofSeconds(20)), outbox, Duration.ofSeconds(60));
    }

    @Test
    void aRunArrivesWholeOnTheServer() throws Exception {
        String uri = serverUri();
        String experiment = "it-" + UUID.randomUUID();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {                      // two log-batch requests (≤ 100 params each)
            params.put("p" + i, "v" + i);
        }
        Path bigFile = tmp.resolve("big.bin");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(bigFile, big);
        String runId;
        String childId;
        try (ServerTracker tracker = tracker(uri, tmp.resolve("mlruns"))) {
            TrackedRun run = tracker.startRun(new RunSpec(experiment, "parent", Map.of("mlflow.user", "alice")));
            runId = run.id();
            run.logParams(params);
            run.logParams(Map.of("long", "x".repeat(7000)));      // over MLflow's 6000 characters
            for (int step = 0; step < 2500; step++) {         // three batches of ≤ 1000 metrics
                run.logMetrics(Map.of("train/loss", 1.0 / (step + 1)), step);
            }
            run.logMetrics(Map.of("odd", Double.NaN, "inf", Double.POSITIVE_INFINITY), 7);
            run.setTags(Map.of("note", "hello"));
            run.logArtifact("config.conf", "a = 1\n".getBytes(StandardCharsets.UTF_8));
            run.logArtifact("checkpoints/last/big.bin", bigFile);
            TrackedRun child = tracker.startRun(new RunSpec(experiment, "child", Map.of("mlflow.parentRunId", runId)));
            childId = child.id();
            child.logMetrics(Map.of("val/loss", 0.5), 3);
            child.end(RunStatus.FINISHED);
            run.end(RunStatus.FINISHED);
        }
        FileRunCatalog local = new FileRunCatalog(tmp.resolve("mlruns"));
        RunSummary localRun = local.find(runId).orElseThrow();
        RunCatalog server = new ServerCatalog(new MlflowRest(uri, Credentials.none(), Duration.ofSeconds(20)));
        RunSummary remote = server.find(runId).orElseThrow();            // found by its local (origin) id
        assertThat(remote.runId()).isNotEqualTo(runId);
        assertThat(remote.experimentName()).isEqualTo(experiment);
        assertThat(remote.runName()).isEqualTo("parent");
        assertThat(remote.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(remote.startTime()).isEqualTo(localRun.startTime());
        assertThat(remote.endTime()).isEqualTo(localRun.endTime());
        assertThat(remote.params()).isEqualTo(localRun.params()).containsAllEntriesOf(params);
        assertThat(remote.params().get("long")).hasSizeLessThanOrEqualTo(6000).startsWith("xxxx");
        assertThat(server.artifact(remote, "long-values/params/long.txt"))
                .hasValue("x".repeat(7000).getBytes(StandardCharsets.UTF_8));           // kept whole as an artifact
        assertThat(remote.tags()).containsEntry("note", "hello").containsEntry("mlflow.user", "alice")
                .containsEntry(RunDelivery.ORIGIN_TAG, runId);
        List<MetricPoint> history = server.metricHistory(remote, "train/loss");
        assertThat(history).containsExactlyElementsOf(local.metricHistory(localRun, "train/loss"));
        assertThat(history).hasSize(2500);
        assertThat(server.metricHistory(remote, "odd")).singleElement().satisfies(p -> assertThat(p.value()).isNaN());
        // MLflow's SQL store keeps ±∞ as ±Double.MAX_VALUE (sqlalchemy_store: sys.float_info.max); NaN stays NaN.
        assertThat(remote.metrics()).containsEntry("inf", Double.MAX_VALUE);
        assertThat(server.artifacts(remote, "")).extracting(ArtifactEntry::path).contains("config.conf", "checkpoints");
        assertThat(server.artifacts(remote, "checkpoints/last")).containsExactly(
                new ArtifactEntry("checkpoints/last/big.bin", false, big.length));
        assertThat(server.artifact(remote, "checkpoints/last/big.bin")).hasValue(big);
        RunSummary child = server.find(childId).orElseThrow();
        assertThat(child.tags()).containsEntry("mlflow.parentRunId", remote.runId());
        assertThat(server.search(org.vsclab.spi.RunQuery.all().inExperiments(experiment)
                .filter("tags.mlflow.parentRunId = '" + remote.runId() + "'")).runs())
                .extracting(RunSummary::runName).containsExactly("child");
    }
}
