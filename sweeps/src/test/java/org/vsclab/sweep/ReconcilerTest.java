package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/** The reconciliation rules, one case each: what the store says against what the scheduler says. */
class ReconcilerTest {

    private static final Optional<String> SLURM = Optional.of(SlurmLauncher.NAME);
    private static final Optional<String> LOCAL = Optional.of(LocalLauncher.NAME);

    private static RunSummary run(RunStatus status, int attempt, String endReason) {
        Map<String, String> tags = new HashMap<>(Map.of(SweepTags.ATTEMPT, Integer.toString(attempt), RunLiveness.PID, "4242"));
        if (endReason != null) {
            tags.put(SweepTags.END_REASON, endReason);
        }
        return new RunSummary("r" + attempt, "1", "e", "n", status, 0, Optional.empty(), Map.of(), Map.of(), tags);
    }

    private static Optional<TaskState> task(TaskState.Phase phase, String state) {
        return Optional.of(new TaskState(phase, "Slurm 12_3", state, "None"));
    }

    private static Reconciler.Verdict judge(RunSummary newest, int attempt, Optional<String> launcher, Optional<TaskState> task) {
        return Reconciler.judge(Optional.empty(), Optional.ofNullable(newest), attempt, launcher, task, Optional.empty());
    }

    @Test
    void aFinishedRunDecidesWhateverTheSchedulerSays() {
        RunSummary done = run(RunStatus.FINISHED, 1, null);
        var v = Reconciler.judge(Optional.of(done), Optional.of(run(RunStatus.FAILED, 2, "nan")), 2, SLURM,
                task(TaskState.Phase.RUNNING, "RUNNING"), Optional.empty());
        assertThat(v.state()).isEqualTo(PointState.FINISHED);
        assertThat(v.run()).contains(done);
    }

    @Test
    void queuedAndStartingTasksArePendingAndRunning() {
        assertThat(judge(null, 1, SLURM, task(TaskState.Phase.QUEUED, "PENDING")).state()).isEqualTo(PointState.PENDING);
        assertThat(judge(null, 1, SLURM, task(TaskState.Phase.RUNNING, "RUNNING")).state()).isEqualTo(PointState.RUNNING);
        assertThat(judge(run(RunStatus.KILLED, 1, "x"), 2, SLURM, task(TaskState.Phase.QUEUED, "PENDING")).state())
                .as("a retry waiting in the queue").isEqualTo(PointState.PENDING);
    }

    @Test
    void aRunningRunWhoseTaskIsGoneOrEndedIsLostAndMarked() {
        var ended = judge(run(RunStatus.RUNNING, 1, null), 1, SLURM, task(TaskState.Phase.ENDED, "FAILED"));
        assertThat(ended.state()).isEqualTo(PointState.LOST);
        assertThat(ended.markLost()).isTrue();
        assertThat(ended.detail()).isEqualTo("Slurm 12_3 ended FAILED while the run was RUNNING");
        var gone = judge(run(RunStatus.RUNNING, 1, null), 1, SLURM, Optional.empty());
        assertThat(gone.state()).isEqualTo(PointState.LOST);
        assertThat(gone.markLost()).isTrue();
        var deadProcess = Reconciler.judge(Optional.empty(), Optional.of(run(RunStatus.RUNNING, 1, null)), 1, LOCAL,
                Optional.empty(), Optional.of("process 4242 on vm is gone"));
        assertThat(deadProcess.state()).isEqualTo(PointState.LOST);
        assertThat(deadProcess.markLost()).isTrue();
        var alive = judge(run(RunStatus.RUNNING, 1, null), 1, SLURM, task(TaskState.Phase.RUNNING, "RUNNING"));
        assertThat(alive.state()).isEqualTo(PointState.RUNNING);
        assertThat(alive.markLost()).isFalse();
    }

    @Test
    void endedRunsTellTheirOwnState() {
        assertThat(judge(run(RunStatus.FAILED, 1, "NaN loss"), 1, SLURM, Optional.empty()).state()).isEqualTo(PointState.FAILED);
        assertThat(judge(run(RunStatus.KILLED, 1, "interrupted"), 1, SLURM, Optional.empty()).state()).isEqualTo(PointState.KILLED);
        var lost = judge(run(RunStatus.KILLED, 1, "lost: process 1 on vm is gone"), 1, SLURM, Optional.empty());
        assertThat(lost.state()).isEqualTo(PointState.LOST);
        assertThat(lost.markLost()).as("already marked").isFalse();
        assertThat(lost.detail()).isEqualTo("process 1 on vm is gone");
    }

    @Test
    void aTaskThatEndedWithoutARunFailedOrWasCancelled() {
        assertThat(judge(null, 1, SLURM, task(TaskState.Phase.ENDED, "FAILED")).state()).isEqualTo(PointState.FAILED);
        assertThat(judge(null, 1, SLURM, task(TaskState.Phase.ENDED, "CANCELLED")).state()).isEqualTo(PointState.KILLED);
        assertThat(judge(null, 1, SLURM, Optional.empty()).detail()).contains("gone and left no run");
        assertThat(judge(run(RunStatus.KILLED, 1, "x"), 2, SLURM, task(TaskState.Phase.ENDED, "FAILED")).state())
                .as("the retry's task failed before it reopened the run").isEqualTo(PointState.FAILED);
        assertThat(judge(null, 1, LOCAL, Optional.empty()).state()).as("the local launcher stopped first").isEqualTo(PointState.KILLED);
        assertThat(judge(null, 0, Optional.empty(), Optional.empty()).detail()).isEqualTo("never launched");
    }
}
