package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.Services;
import org.vsclab.testing.VscCli;

/**
 * Sweeps on a real one-node Slurm cluster ({@code testing/services/slurm.sh}, started by
 * {@code ./run-tests}): submit returns at once with the parent run and the job; the four points of
 * 2 priors × 2 seeds run as array tasks; one task's process is killed with SIGKILL, {@code status}
 * reports it lost, {@code resume} submits only that point, which continues its own run; the parent
 * ends with mean and std over seeds. A cancelled sweep stops its running task (its run ends KILLED)
 * and its queued one never starts.
 */
class SlurmSweepTest {

    private static String slurmConf;
    private static String partition;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() {
        slurmConf = Services.require("VSC_TEST_SLURM_CONF", "the one-node Slurm cluster of testing/services/slurm.sh");
        partition = Optional.ofNullable(System.getenv("VSC_TEST_SLURM_PARTITION")).orElse("debug");
    }

    private List<String> submit(SweepStore store, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "submit", SweepGridTest.SMALL.toString(), "--launcher", "slurm",
                "tracking.uri=" + store.uri(), "launchers.slurm.conf=" + slurmConf, "launchers.slurm.partition=" + partition,
                "train.checkpoint.every-steps=4", "train.checkpoint.every-minutes=0"));
        args.addAll(List.of(more));
        return args;
    }

    private static String field(String out, String label) {
        Matcher m = Pattern.compile(label + ": +([0-9a-f]+)").matcher(out);
        assertThat(m.find()).as(label + " in: " + out).isTrue();
        return m.group(1);
    }

    @Test
    void submitReturnsAtOnceAKilledTaskIsLostAndResumeRunsOnlyIt() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("mlruns"));
        long started = System.nanoTime();
        VscCli.Output submitted = VscCli.run(submit(store, "--sweep", "model.prior=gaussian,thresholded-laplacian", "--seeds", "2",
                "--parallel", "2", "train.epochs=12").toArray(String[]::new));
        double submitSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(submitted.code()).as(submitted.out() + submitted.err()).isZero();
        String parentId = field(submitted.out(), "Parent run");
        String job = field(submitted.out(), "Slurm job");
        assertThat(submitted.out()).contains("(array 0-3%2, 4 points)");
        System.out.printf("SlurmSweepTest: submit (validating 4 points) returned in %.1f s%n", submitSeconds);
        RunSummary parent = store.run(parentId);
        assertThat(parent.status()).as("handed to Slurm").isEqualTo(RunStatus.SCHEDULED);
        assertThat(parent.endTime()).isEmpty();
        assertThat(store.children().stream().filter(c -> c.status() == RunStatus.FINISHED))
                .as("submit did not wait for the points").isEmpty();

        RunSummary victim = store.await(r -> r.status() == RunStatus.RUNNING && r.tags().containsKey(SweepTags.PARENT)
                && store.checkpointStep(r) >= 16, Duration.ofMinutes(4), "a point to checkpoint at step 16");
        assertThat(victim.tags().get(SweepTags.SLURM_TASK)).startsWith(job + "_");
        long pid = Long.parseLong(victim.tags().get("vsc.pid"));
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();   // SIGKILL the task's JVM

        VscCli.Output watched = VscCli.run("sweep", "status", parentId, "--uri", store.uri(), "--watch", "2");
        assertThat(watched.code()).as("not every point finished: " + watched.out() + watched.err()).isEqualTo(1);
        assertThat(watched.out()).contains("3 finished, 1 lost")
                .containsPattern(Pattern.quote(victim.tags().get(SweepTags.POINT)) + " +lost");
        RunSummary lost = store.run(victim.runId());
        assertThat(lost.status()).isEqualTo(RunStatus.KILLED);
        assertThat(lost.tags().get(SweepTags.END_REASON)).startsWith("lost: ");

        VscCli.Output resumed = VscCli.run("sweep", "resume", parentId, "--uri", store.uri());
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming 1 of 4 points with the slurm launcher");
        String retryJob = field(resumed.out(), "Slurm job");
        String index = victim.tags().get(SweepTags.INDEX);
        assertThat(resumed.out()).contains("(array " + index + ", 1 points)");

        VscCli.Output done = VscCli.run("sweep", "status", parentId, "--uri", store.uri(), "--watch", "2");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("4 finished").contains("Over seeds");
        List<RunSummary> children = store.children();
        assertThat(children).as("the killed point continued its own run").hasSize(4)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(RunStatus.FINISHED));
        RunSummary continued = store.run(victim.runId());
        assertThat(continued.tags()).containsEntry("vsc.resumed", "1").containsEntry(SweepTags.ATTEMPT, "2")
                .containsEntry(SweepTags.SLURM_TASK, retryJob + "_" + index);
        assertThat(store.historyLength(continued, "train/loss")).as("12 epochs × 8 steps, none twice").isEqualTo(96);
        assertThat(children.stream().filter(c -> !c.runId().equals(victim.runId())))
                .allSatisfy(c -> assertThat(c.tags()).containsEntry(SweepTags.ATTEMPT, "1"));

        RunSummary finished = store.await(r -> r.runId().equals(parentId) && r.status() == RunStatus.FINISHED, Duration.ofMinutes(1),
                "the parent to end FINISHED");
        for (String prior : List.of("gaussian", "thresholded-laplacian")) {
            List<Double> recon = children.stream().filter(c -> c.params().get("model.prior").equals(prior))
                    .map(c -> c.metrics().get("val/recon")).toList();
            assertThat(finished.metrics().get("model.prior_" + prior + "/val/recon/mean"))
                    .isCloseTo((recon.get(0) + recon.get(1)) / 2, within(1e-12));
            assertThat(finished.metrics().get("model.prior_" + prior + "/val/recon/std"))
                    .isCloseTo(Math.abs(recon.get(0) - recon.get(1)) / 2, within(1e-12));
        }
        List<Submission> submissions = Sweep.submissions(Files.readString(store.parentArtifact(parentId, Sweep.SUBMISSIONS)), "test");
        assertThat(submissions).extracting(Submission::job).containsExactly(job, retryJob);
        assertThat(submissions.get(1).attempts()).containsExactly(java.util.Map.entry(Integer.parseInt(index), 2));
        Path logDir = Path.of(submissions.get(0).logDir());
        assertThat(logDir).as("the job's script and task logs are the parent's artifacts").startsWith(tmp.resolve("mlruns"));
        assertThat(logDir.resolve("submit-1.sbatch")).exists();
        // A task that was not killed ran to its end in the first job (which task is the victim depends on timing).
        String untouched = index.equals("0") ? "1" : "0";
        assertThat(logDir.resolve(job + "_" + untouched + ".log")).content().contains("FINISHED");
        assertThat(Path.of(submissions.get(1).logDir()).resolve(retryJob + "_" + index + ".log")).as("the resumed task's log").content().contains("FINISHED");
        awaitNoActiveJobs(store, parentId);
    }

    @Test
    void cancelStopsTheRunningTaskAndTheQueuedOneNeverStarts() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("mlruns"));
        VscCli.Output submitted = VscCli.run(submit(store, "--sweep", "model.samples=2,3", "--parallel", "1",
                "train.epochs=5000").toArray(String[]::new));
        assertThat(submitted.code()).as(submitted.out() + submitted.err()).isZero();
        String parentId = field(submitted.out(), "Parent run");
        RunSummary running = store.await(r -> r.status() == RunStatus.RUNNING && r.tags().containsKey(SweepTags.PARENT)
                && store.checkpointStep(r) >= 4, Duration.ofMinutes(3), "the first point to checkpoint");

        VscCli.Output throttled = VscCli.run("sweep", "status", parentId, "--uri", store.uri());
        assertThat(throttled.out()).as("--parallel 1 keeps the second task queued on a free CPU")
                .containsPattern("model.samples=3 +pending .*JobArrayTaskLimit");

        VscCli.Output cancelled = VscCli.run("sweep", "cancel", parentId, "--uri", store.uri(), "--wait", "90");
        assertThat(cancelled.code()).as(cancelled.out() + cancelled.err()).isZero();
        assertThat(cancelled.out()).contains("cancelled: 2 killed");
        RunSummary stopped = store.run(running.runId());
        assertThat(stopped.status()).isEqualTo(RunStatus.KILLED);
        assertThat(store.children()).as("the queued point never started").hasSize(1);
        RunSummary parent = store.run(parentId);
        assertThat(parent.status()).isEqualTo(RunStatus.KILLED);
        assertThat(parent.tags()).containsEntry(SweepTags.CANCELLED, "true");
        awaitNoActiveJobs(store, parentId);
    }

    /** Waits until Slurm runs nothing of this sweep any more (its collector included). */
    private static void awaitNoActiveJobs(SweepStore store, String parentId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        LauncherSettings.Slurm settings = new LauncherSettings.Slurm(Optional.empty(), Optional.empty(), 1, Optional.empty(), 0,
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.of(slurmConf), Optional.empty());
        SlurmCommands slurm = new SlurmCommands(settings.conf());
        String text = Files.readString(store.parentArtifact(parentId, Sweep.SUBMISSIONS));
        List<Submission> submissions = Sweep.submissions(text, "test");
        List<String> jobs = new ArrayList<>();
        submissions.forEach(s -> {
            jobs.add(s.job());
            jobs.add(s.collector());
        });
        while (System.nanoTime() < deadline) {
            boolean active = slurm.squeue().stream().anyMatch(e -> jobs.contains(e.arrayJob()) && !List.of("COMPLETED", "FAILED",
                    "CANCELLED", "TIMEOUT").contains(e.state()));
            if (!active) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("jobs " + jobs + " still active");
    }
}
