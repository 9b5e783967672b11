package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.tracking.FileRunCatalog;

/** The real server killed (SIGKILL, whole process group) in the middle of a run and restarted. */
class ServerRestartTest {

    @TempDir
    Path tmp;

    @Test
    void aRunGoesOnWhileTheServerIsDownAndArrivesWholeAfterItsRestart() throws Exception {
        MlflowServerProcess server = MlflowServerProcess.adopt();
        Path outbox = tmp.resolve("mlruns");
        MlflowRest rest = new MlflowRest(server.uri(), Credentials.none(), Duration.ofSeconds(5));
        String runId;
        try (ServerTracker tracker = new ServerTracker(rest, outbox, Duration.ofSeconds(180))) {
            TrackedRun run = tracker.startRun(new RunSpec("restart-" + UUID.randomUUID(), "r", Map.of()));
            runId = run.id();
            run.logParams(Map.of("a", "1"));
            for (int step = 0; step < 300; step++) {
                run.logMetrics(Map.of("loss", step * 0.5), step);
            }
            run.flush();
            ServerCatalog reader = new ServerCatalog(rest);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reader.find(runId).map(r -> r.metrics().containsKey("loss")).orElse(false) == false) {
                assertThat(System.nanoTime()).as("the first points reach the server").isLessThan(deadline);
                Thread.sleep(200);                               // kill it mid-run: after some points arrived
            }
            server.kill();
            long killedAt = System.nanoTime();
            for (int step = 300; step < 1500; step++) {          // training goes on while the server is down
                run.logMetrics(Map.of("loss", step * 0.5), step);
                if (step % 300 == 0) {
                    run.flush();
                }
            }
            run.setTags(Map.of("phase", "after-kill"));
            assertThat(System.nanoTime() - killedAt).as("logging never waited for the server")
                    .isLessThan(Duration.ofSeconds(5).toNanos());
            server.start();
            run.end(RunStatus.FINISHED);
        }
        FileRunCatalog local = new FileRunCatalog(outbox);
        RunSummary localRun = local.find(runId).orElseThrow();
        ServerCatalog remote = new ServerCatalog(rest);
        RunSummary remoteRun = remote.find(runId).orElseThrow();
        assertThat(remoteRun.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(remoteRun.tags()).containsEntry("phase", "after-kill");
        List<MetricPoint> history = remote.metricHistory(remoteRun, "loss");
        assertThat(history).hasSize(1500).containsExactlyInAnyOrderElementsOf(local.metricHistory(localRun, "loss"));
    }
}
