package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.io.Npy;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileRunCatalog;
import org.vsclab.tracking.FileStoreTracker;

/** vsc rerun, and vsc runs on lost runs, damaged stores and filters, as a user drives them. */
class RegistryCliTest {

    @TempDir
    Path tmp;

    private Path store() {
        return tmp.resolve("mlruns");
    }

    private void writeData(Path train, Path validation, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = new float[300 * 64];
        float[] v = new float[40 * 64];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        Npy.write(train, t, 300, 64);
        Npy.write(validation, v, 40, 64);
    }

    @Test
    void rerunRecreatesARunFromItsRecordAndRefusesWhenTheDataChanged() throws Exception {
        Path train = tmp.resolve("train.npy");
        Path validation = tmp.resolve("val.npy");
        writeData(train, validation, 1);
        VscCli.Output run = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), "tracking.uri=" + store(), "train.epochs=1",
                "data.source=npy", "data-sources.npy.train=" + train, "data-sources.npy.validation=" + validation,
                "run-name=original", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        String originalId = new FileRunCatalog(store()).runs(Optional.empty()).get(0).runId();

        VscCli.Output rerun = VscCli.run("rerun", originalId.substring(0, 8), "--uri", store().toString(), "--no-progress");
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("Re-created run " + originalId).containsPattern("val/loss +\\S+ +\\S+ +matches")
                .containsPattern("All \\d+ final metrics match.");
        List<RunSummary> runs = new FileRunCatalog(store()).runs(Optional.empty());
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).tags()).containsEntry("vsc.rerun-of", originalId);

        writeData(train, validation, 2);                      // same shape, other values
        VscCli.Output refused = VscCli.run("rerun", originalId, "--uri", store().toString(), "--no-progress");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("error: run " + originalId + " cannot be re-created as it was: the data's")
                .contains("--allow-differences").doesNotContain("Exception").hasLineCount(1);
        assertThat(new FileRunCatalog(store()).runs(Optional.empty())).as("nothing recorded").hasSize(2);

        VscCli.Output anyway = VscCli.run("rerun", originalId, "--uri", store().toString(), "--allow-differences", "--no-progress");
        assertThat(anyway.code()).as(anyway.err()).isZero();
        assertThat(anyway.err()).contains("warning: the data's");
        assertThat(anyway.out()).containsPattern("\\d+ of \\d+ final metrics differ.");
    }

    @Test
    void runsShowsLostRunsReapsThemAndReadsADamagedStore() throws Exception {
        FileStoreTracker tracker = FileStoreTracker.open(store().toString());
        TrackedRun finished = tracker.startRun(new RunSpec("e", "finished", Map.of()));
        finished.logMetrics(Map.of("val/loss", 0.5), 1);
        finished.end(RunStatus.FINISHED);
        TrackedRun lost = tracker.startRun(new RunSpec("e", "lost", Map.of()));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        FileRunCatalog catalog = new FileRunCatalog(store());
        Path lostDir = catalog.runDir(catalog.find(lost.id()).orElseThrow()).orElseThrow();
        String owner = Files.readString(lostDir.resolve(".vsc/owner"));
        Files.writeString(lostDir.resolve(".vsc/owner"), owner.replaceAll("pid=\\d+", "pid=" + gone.pid()));   // its process died
        Path finishedDir = catalog.runDir(catalog.find(finished.id()).orElseThrow()).orElseThrow();
        Files.write(finishedDir.resolve("params/broken"), new byte[] {(byte) 0xc3, (byte) 0x28});
        Files.writeString(finishedDir.resolve("metrics/val/loss"), "not a metric line\n", java.nio.file.StandardOpenOption.APPEND);

        Path brokenPlugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.write(brokenPlugins.resolve("broken.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        VscCli.Output runs = VscCli.run("--plugins-dir", brokenPlugins.toString(), "runs", "--uri", store().toString());
        assertThat(runs.code()).as(runs.err()).isZero();
        assertThat(runs.out()).containsPattern("lost +- +LOST").containsPattern("finished +- +FINISHED")
                .contains("1 run(s) LOST: their process died; `vsc runs --reap` marks them KILLED");
        assertThat(runs.err().lines().toList()).containsExactlyInAnyOrder(
                "warning: skipped unreadable " + finishedDir.resolve("params/broken") + ": not UTF-8 text (left out of its run)",
                "warning: skipped unreadable " + finishedDir.resolve("metrics/val/loss")
                        + ": 1 malformed metric line skipped: line 2 'not a metric line' (expected 2 or 3 fields, got 4)");

        VscCli.Output reap = VscCli.run("runs", "--uri", store().toString(), "--reap");
        assertThat(reap.code()).isZero();
        assertThat(reap.out()).contains("marked KILLED: " + lost.id() + " (lost): process " + gone.pid())
                .containsPattern("lost +- +KILLED");
        assertThat(new FileRunCatalog(store()).find(lost.id()).orElseThrow().endTime()).isPresent();

        VscCli.Output filtered = VscCli.run("runs", "--uri", store().toString(), "--filter", "attributes.status = 'KILLED'");
        assertThat(filtered.out()).contains("lost").doesNotContain("finished");
        VscCli.Output bad = VscCli.run("runs", "--uri", store().toString(), "--filter", "metrics.x <");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("error: invalid filter 'metrics.x <' at character").hasLineCount(1);
    }
}
