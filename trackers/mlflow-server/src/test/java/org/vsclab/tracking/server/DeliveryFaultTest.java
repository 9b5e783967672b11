package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunQuery;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.tracking.FileRunCatalog;

/**
 * Faults between the tracker and the server (429, 5xx, slow and dropped answers, before and after
 * the server applied a request), injected by {@link FaultProxy} in front of the real server: each
 * ends with every metric point delivered exactly once, read back from the real server.
 */
class DeliveryFaultTest {

    @TempDir
    Path tmp;

    private static final int STEPS = 2300;       // three metric batches

    @ParameterizedTest
    @EnumSource(FaultProxy.Action.class)
    void everyMetricArrivesExactlyOnceDespiteAFaultOnAMetricBatch(FaultProxy.Action action) throws Exception {
        String real = ServerTrackerTest.serverUri();
        try (FaultProxy proxy = new FaultProxy(real)) {
            proxy.on("runs/log-batch", "\"step\":\"1000\"", action, 2);   // the second batch, twice
            String runId = logRun(proxy.uri(), "fault-" + action + "-" + UUID.randomUUID());
            // Faults before the server applied the batch hit its retry too; after, the retry is not needed.
            assertThat(proxy.faults()).hasSize(action.name().endsWith("BEFORE") ? 2 : 1);
            assertExactlyOnce(real, runId);
        }
    }

    @Test
    void aRunCreateWhoseAnswerWasLostMakesOneRun() throws Exception {
        String real = ServerTrackerTest.serverUri();
        try (FaultProxy proxy = new FaultProxy(real)) {
            proxy.on("runs/create", "", FaultProxy.Action.DROP_AFTER, 1);
            String experiment = "lost-create-" + UUID.randomUUID();
            String runId = logRun(proxy.uri(), experiment);
            assertThat(proxy.faults()).containsExactly("DROP_AFTER /api/2.0/mlflow/runs/create");
            MlflowRest rest = new MlflowRest(real, Credentials.none(), Duration.ofSeconds(20));
            assertThat(new ServerCatalog(rest).runs(java.util.Optional.of(experiment))).hasSize(1);
            assertExactlyOnce(real, runId);
        }
    }

    private String logRun(String uri, String experiment) throws Exception {
        Path outbox = tmp.resolve("mlruns-" + UUID.randomUUID());
        MlflowRest rest = new MlflowRest(uri, Credentials.none(), Duration.ofMillis(1000));
        try (ServerTracker tracker = new ServerTracker(rest, outbox, Duration.ofSeconds(90))) {
            TrackedRun run = tracker.startRun(new RunSpec(experiment, "r", Map.of()));
            run.logParams(Map.of("lr", "0.01"));
            for (int step = 0; step < STEPS; step++) {
                run.logMetrics(Map.of("loss", 1.0 / (step + 1)), step);
            }
            run.end(RunStatus.FINISHED);
            lastOutbox = outbox;
            return run.id();
        }
    }

    private Path lastOutbox;

    private void assertExactlyOnce(String real, String localRunId) throws Exception {
        FileRunCatalog local = new FileRunCatalog(lastOutbox);
        RunSummary localRun = local.find(localRunId).orElseThrow();
        List<MetricPoint> expected = local.metricHistory(localRun, "loss");
        assertThat(expected).hasSize(STEPS);
        ServerCatalog server = new ServerCatalog(new MlflowRest(real, Credentials.none(), Duration.ofSeconds(20)));
        RunSummary remote = server.find(localRunId).orElseThrow();
        assertThat(remote.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(remote.params()).isEqualTo(Map.of("lr", "0.01"));
        List<MetricPoint> history = server.metricHistory(remote, "loss");
        assertThat(history).hasSize(STEPS).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(server.search(RunQuery.all().inExperiments(remote.experimentName())).runs()).hasSize(1);
    }
}
