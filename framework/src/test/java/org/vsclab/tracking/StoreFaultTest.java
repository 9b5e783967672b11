package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.testing.ChildJvm;

/** Faults the store must survive (issue 7): a killed writer, several writers at once, a full disk, damage. */
class StoreFaultTest {

    @TempDir
    Path tmp;

    @Test
    void aRunWhoseProcessWasKilledShowsAsLostAndIsReapedKilledWithItsLastHeartbeat() throws Exception {
        Path root = tmp.resolve("mlruns");
        Process child = ChildJvm.start(StoreWriterMain.class, tmp.resolve("child.log"), "hold", root.toString(), "exp");
        String runId;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            runId = out.readLine();
            assertThat(runId).as("child output; log: %s", Files.exists(tmp.resolve("child.log"))
                    ? Files.readString(tmp.resolve("child.log")) : "").hasSize(32);
            FileRunCatalog catalog = new FileRunCatalog(root);
            assertThat(catalog.find(runId).orElseThrow().lost()).as("alive while its process runs").isEmpty();
            child.destroyForcibly();                       // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        FileRunCatalog catalog = new FileRunCatalog(root);
        RunSummary lost = catalog.find(runId).orElseThrow();
        assertThat(lost.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(lost.lost()).hasValueSatisfying(r -> assertThat(r).contains("process " + child.pid()).endsWith("is gone"));
        assertThat(lost.metrics()).containsEntry("loss", 1.0);   // flushed before the kill: not lost

        long heartbeat = RunOwner.lastHeartbeat(catalog.runDir(lost).orElseThrow()).orElseThrow().toEpochMilli();
        List<RunSummary> reaped = FileStoreTracker.open(root.toString()).reapLost(Optional.empty());
        assertThat(reaped).extracting(RunSummary::runId).containsExactly(runId);
        RunSummary after = new FileRunCatalog(root).find(runId).orElseThrow();
        assertThat(after.status()).isEqualTo(RunStatus.KILLED);
        assertThat(after.endTime()).contains(heartbeat);
        assertThat(after.lost()).isEmpty();
        assertThat(after.tags().get(FileStoreRun.END_REASON_TAG)).startsWith("lost: process " + child.pid());
        assertThat(FileStoreTracker.open(root.toString()).reapLost(Optional.empty())).as("reaping twice").isEmpty();
    }

    @Test
    void theNextRunOfTheExperimentReapsLostRuns() throws Exception {
        Path root = tmp.resolve("mlruns");
        Process child = ChildJvm.start(StoreWriterMain.class, tmp.resolve("child.log"), "hold", root.toString(), "exp");
        String runId;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            runId = out.readLine();
        }
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        TrackedRun next = FileStoreTracker.open(root.toString()).startRun(new RunSpec("exp", "next", Map.of()));
        assertThat(new FileRunCatalog(root).find(runId).orElseThrow().status()).isEqualTo(RunStatus.KILLED);
        assertThat(new FileRunCatalog(root).find(next.id()).orElseThrow().lost()).as("the live run is not lost").isEmpty();
        next.end(RunStatus.FINISHED);
    }

    @Test
    void severalJvmsWritingOneStoreAtOnceMakeOneExperimentPerNameAndLoseNothing() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path go = tmp.resolve("go");
        int writers = 4;
        int runsEach = 6;
        List<Process> children = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            children.add(ChildJvm.start(StoreWriterMain.class, tmp.resolve("w" + w + ".log"),
                    "write", root.toString(), go.toString(), "" + w, "" + runsEach));
        }
        Thread.sleep(3000);                                // all JVMs warmed up and spinning on the go file
        Files.writeString(go, "go");
        for (int w = 0; w < writers; w++) {
            Process p = children.get(w);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("writer %d; log: %s", w, Files.readString(tmp.resolve("w" + w + ".log"))).isZero();
        }
        List<ExperimentMeta> experiments = ExperimentMeta.scan(root);
        List<String> expected = new ArrayList<>(List.of("Default"));
        for (int r = 0; r < runsEach; r++) {
            expected.add("shared-" + r);
        }
        assertThat(experiments).extracting(ExperimentMeta::name).containsExactlyInAnyOrderElementsOf(expected);
        FileRunCatalog catalog = new FileRunCatalog(root);
        List<RunSummary> runs = catalog.runs(Optional.empty());
        assertThat(runs).hasSize(writers * runsEach);
        assertThat(catalog.problems()).isEmpty();
        for (RunSummary run : runs) {
            int writer = Integer.parseInt(run.params().get("writer"));
            int r = Integer.parseInt(run.params().get("run"));
            assertThat(run.runName()).isEqualTo("w" + writer + "-r" + r);
            assertThat(run.experimentName()).isEqualTo("shared-" + r);
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            List<MetricPoint> history = catalog.metricHistory(run, "value");
            assertThat(history).hasSize(50);
            for (int step = 0; step < 50; step++) {
                assertThat(history.get(step).step()).isEqualTo(step);
                assertThat(history.get(step).value()).isEqualTo(writer * 1000.0 + r + step / 100.0);
            }
        }
    }

    @Test
    void aFullDiskStillEndsTheRunFailedWithTheReason() throws Exception {
        Path mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mounting.waitFor(20, TimeUnit.SECONDS) && mounting.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "needs root to mount a 512 KiB tmpfs (CI runs as root): "
                + new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        try {
            Path root = mount.resolve("mlruns");
            // A stopped clock: the buffered lines below stay buffered however slowly this loaded machine
            // runs the loop (no time-based flush), so the full disk is met where the test looks for it.
            Clock stopped = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            FileStoreTracker tracker = new FileStoreTracker(root, stopped, IdSource.random());
            TrackedRun run = tracker.startRun(new RunSpec("exp", "fills-the-disk", Map.of()));
            run.logMetrics(Map.of("loss", 0.5), 0);
            run.flush();
            fill(mount.resolve("filler"));
            for (int step = 1; step <= 2000; step++) {
                run.logMetrics(Map.of("loss", 0.25, "other/metric", 1.0), step);   // buffered: fits in memory
            }
            assertThatThrownBy(() -> run.end(RunStatus.FINISHED))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("ended FAILED: could not write its metrics");
            RunSummary ended = new FileRunCatalog(root).find(run.id()).orElseThrow();
            assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
            assertThat(ended.endTime()).isPresent();
            assertThat(ended.tags().get(FileStoreRun.END_REASON_TAG))
                    .startsWith("could not write its metrics:").containsIgnoringCase("no space left");
            assertThat(ended.metrics()).as("what was flushed before is kept, whole lines only").containsEntry("loss", 0.5);
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full now
        }
    }

    @Test
    void aDamagedStoreListsEveryReadableRunAndNamesEachUnreadableFileOnce() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStoreTracker tracker = FileStoreTracker.open(root.toString());
        TrackedRun good = tracker.startRun(new RunSpec("exp", "good", Map.of()));
        good.logParams(Map.of("p", "1"));
        good.logMetrics(Map.of("loss", 0.5), 1);
        good.end(RunStatus.FINISHED);
        TrackedRun damaged = tracker.startRun(new RunSpec("exp", "damaged", Map.of()));
        damaged.logParams(Map.of("ok", "yes"));
        damaged.logMetrics(Map.of("loss", 0.25), 1);
        damaged.end(RunStatus.FINISHED);
        TrackedRun truncated = tracker.startRun(new RunSpec("exp", "truncated", Map.of()));
        truncated.end(RunStatus.FINISHED);
        FileRunCatalog catalog = new FileRunCatalog(root);
        Path damagedDir = catalog.runDir(catalog.find(damaged.id()).orElseThrow()).orElseThrow();
        Path truncatedDir = catalog.runDir(catalog.find(truncated.id()).orElseThrow()).orElseThrow();
        Path experimentDir = damagedDir.getParent();

        Files.write(damagedDir.resolve("params/latin1"), new byte[] {'c', 'a', 'f', (byte) 0xe9});      // not UTF-8
        Files.writeString(damagedDir.resolve("metrics/loss"), "garbage line\n", java.nio.file.StandardOpenOption.APPEND);
        Files.write(damagedDir.resolve("metrics/binary"), new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        String meta = Files.readString(truncatedDir.resolve("meta.yaml"));
        Files.writeString(truncatedDir.resolve("meta.yaml"), meta.substring(0, meta.indexOf("experiment_id")) + "experiment_id: '");
        Files.createDirectories(experimentDir.resolve("not-a-run"));                       // another tool's folder
        Files.createDirectories(root.resolve("wandb-export"));                             // not an experiment
        Files.writeString(root.resolve("wandb-export/settings.json"), "{}");

        FileRunCatalog reader = new FileRunCatalog(root);
        List<RunSummary> runs = reader.runs(Optional.empty());
        reader.runs(Optional.empty());                                                     // read twice: reported once
        assertThat(runs).extracting(RunSummary::runName).containsExactlyInAnyOrder("good", "damaged");
        RunSummary readable = runs.stream().filter(r -> r.runName().equals("damaged")).findFirst().orElseThrow();
        assertThat(readable.params()).containsEntry("ok", "yes").doesNotContainKey("latin1");
        assertThat(readable.metrics()).containsEntry("loss", 0.25);
        assertThat(reader.problems()).hasSize(6).anySatisfy(p -> assertThat(p)
                        .isEqualTo(damagedDir.resolve("params/latin1") + ": not UTF-8 text (left out of its run)"))
                .anySatisfy(p -> assertThat(p).startsWith(damagedDir.resolve("metrics/loss") + ": 1 malformed metric line"))
                .anySatisfy(p -> assertThat(p).startsWith(damagedDir.resolve("metrics/binary") + ": 1 malformed metric line"))
                .anySatisfy(p -> assertThat(p).startsWith(truncatedDir.resolve("meta.yaml") + ": malformed YAML"))
                .anySatisfy(p -> assertThat(p).startsWith(experimentDir.resolve("not-a-run") + ": no meta.yaml"))
                .anySatisfy(p -> assertThat(p).startsWith(root.resolve("wandb-export") + ": no meta.yaml"));
    }
}
