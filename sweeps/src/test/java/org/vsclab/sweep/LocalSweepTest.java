package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;

/**
 * The local launcher end to end: each point in its own JVM, at most --parallel at a time, the sweep's
 * tags on every child, mean and std over seeds on the parent, the same grid never run twice; and a
 * point killed with SIGKILL is reported lost and is the only one {@code vsc sweep resume} runs again,
 * continuing its own run from its checkpoint.
 */
class LocalSweepTest {

    @TempDir
    Path tmp;

    private static String[] args(List<String> head, SweepStore store, String... more) {
        List<String> args = new ArrayList<>(head);
        args.add("tracking.uri=" + store.uri());
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void pointsRunAsSeparateProcessesAtMostParallelAtATimeAveragedOverSeedsAndNeverTwice() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("mlruns"));
        List<String> submit = List.of("sweep", "submit", SweepGridTest.SMALL.toString(), "--sweep",
                "model.prior=gaussian,thresholded-laplacian", "--seeds", "2", "--parallel", "2", "--quiet");
        VscCli.Output first = VscCli.run(args(submit, store));
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("4 of 4 points, 2 at a time").contains("4 finished");

        RunSummary parent = store.parent();
        assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
        List<RunSummary> children = store.children();
        assertThat(children).hasSize(4).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(c.tags()).containsEntry(SweepTags.PARENT, parent.runId())
                    .containsEntry("vsc.seed", c.params().get("seed"))
                    .containsEntry(SweepTags.POINT, "model.prior=" + c.params().get("model.prior") + " seed=" + c.params().get("seed"))
                    .containsEntry(SweepTags.GROUP_LABEL, "model.prior=" + c.params().get("model.prior"))
                    .containsKeys(SweepTags.POINT_ID, SweepTags.GROUP);
            assertThat(c.tags().get("vsc.pid")).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(c.params().keySet()).as("params describe the run, not the sweep or its launcher")
                    .noneMatch(k -> k.startsWith("sweep") || k.startsWith("launchers")).contains("model.prior", "seed");
        });
        assertThat(children).extracting(c -> c.tags().get("vsc.pid")).as("one process per point").doesNotHaveDuplicates();
        assertThat(children).extracting(c -> c.tags().get(SweepTags.POINT_ID)).doesNotHaveDuplicates();
        assertThat(children.stream().map(c -> c.tags().get(SweepTags.GROUP)).distinct()).hasSize(2);
        assertThat(maxOverlap(children)).as("runs at the same time").isBetween(1, 2);

        for (String prior : List.of("gaussian", "thresholded-laplacian")) {
            List<Double> losses = children.stream().filter(c -> c.params().get("model.prior").equals(prior))
                    .map(c -> c.metrics().get("val/loss")).toList();
            double mean = (losses.get(0) + losses.get(1)) / 2;
            double std = Math.abs(losses.get(0) - losses.get(1)) / 2;     // the population std of two values
            String prefix = "model.prior_" + prior + "/val/loss/";
            assertThat(parent.metrics().get(prefix + "mean")).isCloseTo(mean, within(1e-12));
            assertThat(parent.metrics().get(prefix + "std")).isCloseTo(std, within(1e-12));
            assertThat(parent.metrics().get(prefix + "n")).isEqualTo(2.0);
        }
        assertThat(first.out()).contains("Over seeds").contains("model.prior=gaussian");

        VscCli.Output again = VscCli.run(args(submit, store));
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("This grid is sweep " + parent.runId()).contains("Nothing to resume");
        assertThat(store.runs()).as("no point ran twice, no second parent").hasSize(5);
        assertThat(store.run(parent.runId()).endTime()).as("an up-to-date parent is not rewritten").isEqualTo(parent.endTime());
    }

    @Test
    void aPointKilledWithSigkillIsLostAndResumeContinuesOnlyThatPoint() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("mlruns"));
        List<String> submit = List.of("sweep", "submit", SweepGridTest.SMALL.toString(), "--sweep", "model.samples=2,3",
                "--parallel", "1", "--quiet");
        CompletableFuture<VscCli.Output> launcher = CompletableFuture.supplyAsync(() -> VscCli.run(args(submit, store,
                "train.epochs=12", "train.checkpoint.every-steps=4", "train.checkpoint.every-minutes=0")));
        RunSummary victim = store.await(r -> r.status() == RunStatus.RUNNING && r.tags().containsKey(SweepTags.PARENT)
                && store.checkpointStep(r) >= 16, Duration.ofMinutes(3), "the first point to checkpoint at step 16");
        long pid = Long.parseLong(victim.tags().get("vsc.pid"));
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();   // SIGKILL: nothing flushed, no hook

        VscCli.Output first = launcher.get(5, TimeUnit.MINUTES);
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.out()).contains(victim.tags().get(SweepTags.POINT) + ": LOST").contains("1 finished, 1 lost");
        RunSummary lost = store.run(victim.runId());
        assertThat(lost.status()).as("the store no longer claims it runs").isEqualTo(RunStatus.KILLED);
        assertThat(lost.tags().get(SweepTags.END_REASON)).startsWith("lost: process " + pid);
        String parentId = store.parent().runId();
        assertThat(store.parent().status()).isEqualTo(RunStatus.KILLED);

        VscCli.Output status = VscCli.run("sweep", "status", parentId, "--uri", store.uri());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("1 finished, 1 lost").containsPattern(victim.tags().get(SweepTags.POINT) + " +lost");

        RunSummary other = store.children().stream().filter(c -> !c.runId().equals(victim.runId())).findFirst().orElseThrow();
        VscCli.Output resumed = VscCli.run("sweep", "resume", parentId, "--uri", store.uri(), "--quiet");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming 1 of 2 points").contains("2 finished");
        assertThat(store.children()).as("the killed point continued its own run; the other was not run again").hasSize(2);
        RunSummary done = store.run(victim.runId());
        assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(done.tags()).containsEntry("vsc.resumed", "1").containsEntry(SweepTags.ATTEMPT, "2");
        assertThat(store.historyLength(done, "train/loss")).as("12 epochs × 8 steps, none twice").isEqualTo(96);
        assertThat(store.run(other.runId()).endTime()).isEqualTo(other.endTime());
        assertThat(store.parent().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(Files.readString(tmp.resolve("mlruns").resolve(done.experimentId()).resolve(parentId)
                .resolve("artifacts/sweep/submissions.json"))).contains("\"number\": 2");
    }

    @Test
    void cancellingALocalSweepStopsItsLauncherAndItsPoints() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("mlruns"));
        List<String> submit = List.of("sweep", "submit", SweepGridTest.SMALL.toString(), "--sweep", "model.samples=2,3",
                "--parallel", "1", "--quiet");
        List<String> command = VscProcess.current(List.of()).command(List.of(), List.of(args(submit, store, "train.epochs=5000",
                "train.checkpoint.every-steps=4", "train.checkpoint.every-minutes=0")));
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("launcher.log").toFile()).start();
        try {
            RunSummary running = store.await(r -> r.status() == RunStatus.RUNNING && r.tags().containsKey(SweepTags.PARENT)
                    && store.checkpointStep(r) >= 4, Duration.ofMinutes(3), "the first point to checkpoint");
            String parentId = running.tags().get(SweepTags.PARENT);
            VscCli.Output pending = VscCli.run("sweep", "status", parentId, "--uri", store.uri());
            assertThat(pending.out()).contains("1 pending, 1 running");

            VscCli.Output cancelled = VscCli.run("sweep", "cancel", parentId, "--uri", store.uri(), "--wait", "90");
            assertThat(cancelled.code()).as(cancelled.out() + cancelled.err()).isZero();
            assertThat(cancelled.out()).contains("cancelled: 2 killed");
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).as(Files.readString(tmp.resolve("launcher.log"))).isIn(130, 143);
            RunSummary stopped = store.run(running.runId());
            assertThat(stopped.status()).isEqualTo(RunStatus.KILLED);
            assertThat(stopped.tags().get(SweepTags.END_REASON)).as("it stopped itself, with a checkpoint").doesNotStartWith("lost");
            assertThat(store.children()).as("the queued point never started").hasSize(1);
            assertThat(store.run(parentId).status()).isEqualTo(RunStatus.KILLED);
            assertThat(store.run(parentId).tags()).containsEntry(SweepTags.CANCELLED, "true");

            VscCli.Output resumed = VscCli.run("sweep", "resume", parentId, "--uri", store.uri(), "--quiet",
                    "--max-retries", "0");
            assertThat(resumed.code()).as("no retries allowed: both points stay killed").isEqualTo(1);
            assertThat(resumed.out()).contains("not retried: model.samples=2 (killed after 1 attempts; --max-retries 0)");
            assertThat(store.children()).hasSize(1);
        } finally {
            launcher.destroyForcibly();
        }
    }

    /** The largest number of runs that were running at the same moment. */
    static int maxOverlap(List<RunSummary> runs) {
        int max = 0;
        for (RunSummary a : runs) {
            long t = a.startTime();
            int n = 0;
            for (RunSummary b : runs) {
                if (b.startTime() <= t && b.endTime().orElse(Long.MAX_VALUE) > t) {
                    n++;
                }
            }
            max = Math.max(max, n);
        }
        return max;
    }
}
