package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileRunCatalog;
import org.vsclab.tracking.FileStoreTracker;

/** {@code vsc push} and {@code vsc sync} as a user runs them, against the real server. */
class SyncPushCliTest {

    @TempDir
    Path tmp;

    @Test
    void pushUploadsLocalRunsOnceEvenWhenPushedTwice() throws Exception {
        String server = ServerTrackerTest.serverUri();
        String experiment = "push-" + UUID.randomUUID();
        Path store = tmp.resolve("mlruns");
        try (Tracker local = FileStoreTracker.open(store.toString())) {
            TrackedRun parent = local.startRun(new RunSpec(experiment, "parent", Map.of()));
            TrackedRun child = local.startRun(new RunSpec(experiment, "child", Map.of("mlflow.parentRunId", parent.id())));
            child.logMetrics(Map.of("val/loss", 0.125), 4);
            child.end(RunStatus.FINISHED);
            parent.end(RunStatus.FINISHED);
        }
        String childId = new FileRunCatalog(store).runs(Optional.of(experiment)).stream()
                .filter(r -> r.runName().equals("child")).findFirst().orElseThrow().runId();
        VscCli.Output push = VscCli.run("push", childId.substring(0, 8), "--to", server, "--from", store.toString());
        assertThat(push.code()).as(push.err()).isZero();
        assertThat(push.out()).contains(server + ": 1 run(s) delivered");
        VscCli.Output again = VscCli.run("push", "--all", "--to", server, "--from", store.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains(server + ": 2 run(s) delivered");

        ServerCatalog remote = new ServerCatalog(new MlflowRest(server, Credentials.none(), Duration.ofSeconds(20)));
        List<RunSummary> runs = remote.runs(Optional.of(experiment));
        assertThat(runs).extracting(RunSummary::runName).containsExactlyInAnyOrder("parent", "child");
        RunSummary child = remote.find(childId).orElseThrow();
        RunSummary parent = runs.stream().filter(r -> r.runName().equals("parent")).findFirst().orElseThrow();
        assertThat(child.tags()).containsEntry("mlflow.parentRunId", parent.runId());
        assertThat(remote.metricHistory(child, "val/loss")).hasSize(1);

        VscCli.Output listed = VscCli.run("runs", "--uri", server, "-e", experiment, "--filter", "metrics.`val/loss` < 0.2");
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("child").doesNotContain("parent");

        VscCli.Output unknown = VscCli.run("push", "ffffffff", "--to", server, "--from", store.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: no run 'ffffffff'");
    }

    @Test
    void aUriWithAPasswordIsRefusedWithoutRepeatingThePassword() {
        for (String[] args : List.of(new String[] {"runs", "--uri", "http://bob:s3cret-pw@127.0.0.1:1"},
                new String[] {"push", "--all", "--to", "http://bob:s3cret-pw@127.0.0.1:1", "--from", tmp.toString()})) {
            VscCli.Output o = VscCli.run(args);
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).startsWith("error: ").contains("must not hold credentials")
                    .contains("MLFLOW_TRACKING_USERNAME");
            assertThat(o.out() + o.err()).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void syncDeliversRunsRecordedWhileTheServerWasDown() throws Exception {
        String server = ServerTrackerTest.serverUri();
        String experiment = "sync-" + UUID.randomUUID();
        Path outbox = tmp.resolve("mlruns");
        try (FaultProxy proxy = new FaultProxy(server)) {
            proxy.on("/api/", "", FaultProxy.Action.UNAVAILABLE_BEFORE, Integer.MAX_VALUE);    // the server is down
            MlflowRest rest = new MlflowRest(proxy.uri(), Credentials.none(), Duration.ofSeconds(5));
            String runId;
            try (ServerTracker tracker = new ServerTracker(rest, outbox, Duration.ofMillis(500))) {
                TrackedRun run = tracker.startRun(new RunSpec(experiment, "offline", Map.of()));
                runId = run.id();
                for (int step = 0; step < 100; step++) {
                    run.logMetrics(Map.of("loss", step * 1.0), step);
                }
                run.end(RunStatus.FINISHED);
            }
            VscCli.Output stillDown = VscCli.run("sync", "--outbox", outbox.toString(), "--wait", "2s");
            assertThat(stillDown.code()).isEqualTo(1);
            assertThat(stillDown.out()).contains("0 of 1 run(s) delivered; 1 still pending (" + runId + ")");

            proxy.clear();                                                                      // it is back
            VscCli.Output sync = VscCli.run("sync", "--outbox", outbox.toString());
            assertThat(sync.code()).as(sync.err()).isZero();
            assertThat(sync.out()).contains(proxy.uri() + ": 1 run(s) delivered");
            VscCli.Output nothing = VscCli.run("sync", "--outbox", outbox.toString());
            assertThat(nothing.out()).startsWith("Nothing to deliver");

            ServerCatalog remote = new ServerCatalog(new MlflowRest(server, Credentials.none(), Duration.ofSeconds(20)));
            RunSummary run = remote.find(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(remote.metricHistory(run, "loss")).hasSize(100);
        }
    }
}
