package org.vsclab.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Submits a submission's points as one Slurm job array and returns at once: array index = point
 * index, {@code %N} throttle from {@code parallel}, {@code #SBATCH} lines from {@code launchers.slurm},
 * one log per task ({@code <log dir>/<job>_<index>.log}). Each task runs {@code vsc sweep task} on
 * its point, which records the point's run in the sweep's store. A second, one-CPU job that depends
 * on the array ({@code afterany}) runs {@code vsc sweep status} once every task has ended, so the
 * parent gets its final state and aggregate without anyone watching.
 *
 * <p>What the scheduler knows comes from {@code squeue --states=all} (finished tasks stay listed for
 * {@code MinJobAge}, 300 s by default; after that only the runs in the store tell).
 */
public final class SlurmLauncher implements Launcher {

    /** The launcher's name. */
    public static final String NAME = "slurm";

    /** A submission still without a job id is taken as being submitted for this long. */
    private static final Duration SUBMITTING = Duration.ofMinutes(2);

    private static final Set<String> QUEUED = Set.of("PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD");
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
            "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");

    private final LauncherSettings.Slurm settings;
    private final SlurmCommands slurm;
    private List<SlurmCommands.QueueEntry> queue;

    /**
     * Creates the launcher.
     *
     * @param settings the {@code launchers.slurm} settings
     */
    public SlurmLauncher(LauncherSettings.Slurm settings) {
        this.settings = settings;
        this.slurm = new SlurmCommands(settings.conf());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public Submission launch(Launch launch) throws IOException {
        Submission submission = launch.submission();
        Path logDir = Path.of(submission.logDir()).toAbsolutePath();
        Files.createDirectories(logDir);
        Path script = logDir.resolve("submit-" + submission.number() + ".sbatch");
        Files.writeString(script, arrayScript(launch, logDir), StandardCharsets.UTF_8);
        String job = slurm.sbatch(script, List.of());
        Path collect = logDir.resolve("collect-" + submission.number() + ".sbatch");
        Files.writeString(collect, collectorScript(launch, logDir, job), StandardCharsets.UTF_8);
        String collector;
        try {
            collector = slurm.sbatch(collect, List.of("--dependency=afterany:" + job, "--kill-on-invalid-dep=yes"));
        } catch (IOException e) {
            slurm.scancel(List.of(job));
            throw new IOException("the sweep's collector job was refused, so its array job " + job + " was cancelled: "
                    + e.getMessage(), e);
        }
        return submission.withJobs(job, collector);
    }

    /** Returns the array job's script. */
    String arrayScript(Launch launch, Path logDir) {
        Submission s = launch.submission();
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(settings.jobName().orElse("vsc-" + launch.plan().experiment())).append('\n');
        b.append("#SBATCH --array=").append(arraySpec(s.attempts().keySet())).append(s.parallel() > 0 ? "%" + s.parallel() : "")
                .append('\n');
        b.append("#SBATCH --output=").append(logDir.resolve("%A_%a.log")).append('\n');
        b.append("#SBATCH --cpus-per-task=").append(settings.cpusPerTask()).append('\n');
        resources(b, settings.time());
        b.append("# Sweep ").append(launch.parentRunId()).append(" (experiment '").append(launch.plan().experiment())
                .append("'), submission ").append(s.number()).append(": ").append(s.attempts().size())
                .append(" points. Written by vsc sweep; each point's configuration is in the parent run's ").append(Sweep.PLAN)
                .append(".\n");
        preamble(b);
        b.append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
        Map<Integer, List<Integer>> byAttempt = new TreeMap<>();
        s.attempts().forEach((index, attempt) -> byAttempt.computeIfAbsent(attempt, a -> new ArrayList<>()).add(index));
        byAttempt.forEach((attempt, indices) -> b.append("  ").append(indices.stream().map(String::valueOf)
                .collect(Collectors.joining("|"))).append(") attempt=").append(attempt).append(" ;;\n"));
        b.append("  *) echo \"vsc sweep: array task $SLURM_ARRAY_TASK_ID is not a point of this submission\" >&2; exit 2 ;;\n");
        b.append("esac\n");
        b.append("exec ").append(vscCommand(launch, launch.taskArguments("\u0000SLURM_ARRAY_TASK_ID", "\u0000attempt"))).append('\n');
        return b.toString();
    }

    /** Returns the collector job's script: {@code vsc sweep status} once the array has ended. */
    String collectorScript(Launch launch, Path logDir, String arrayJob) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(settings.jobName().orElse("vsc-" + launch.plan().experiment())).append("-collect\n");
        b.append("#SBATCH --output=").append(logDir.resolve("collect-%j.log")).append('\n');
        b.append("#SBATCH --cpus-per-task=1\n");
        resources(b, settings.time());
        b.append("# Reconciles sweep ").append(launch.parentRunId()).append(" once its array job ").append(arrayJob)
                .append(" has ended: lost points are marked, the aggregate written, the parent ended.\n");
        preamble(b);
        b.append("exec ").append(vscCommand(launch, List.of("sweep", "status", "--uri", launch.plan().trackingUri(),
                launch.parentRunId()))).append('\n');
        return b.toString();
    }

    private void resources(StringBuilder b, Optional<String> time) {
        settings.partition().ifPresent(p -> b.append("#SBATCH --partition=").append(p).append('\n'));
        time.ifPresent(t -> b.append("#SBATCH --time=").append(t).append('\n'));
        settings.mem().ifPresent(m -> b.append("#SBATCH --mem=").append(m).append('\n'));
        for (String d : settings.directives()) {
            String line = d.strip();
            b.append(line.startsWith("#SBATCH") ? line : "#SBATCH " + line).append('\n');
        }
    }

    private void preamble(StringBuilder b) {
        b.append("set -e\n");
        settings.setup().forEach(line -> b.append(line).append('\n'));
        b.append("unset VSC_PLUGINS_DIR\n");
        b.append("export DJL_OFFLINE=true OPT_OUT_TRACKING=true OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
    }

    /** The java command, each word shell-quoted; words starting with NUL are shell variables, double-quoted. */
    private String vscCommand(Launch launch, List<String> vscArgs) {
        VscProcess vsc = settings.java().map(launch.vsc()::withJava).orElse(launch.vsc());
        List<String> words = vsc.command(List.of("\u0000ACTIVE"), vscArgs);
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            if (w.equals("\u0000ACTIVE")) {
                quoted.add("\"-XX:ActiveProcessorCount=${SLURM_CPUS_PER_TASK:-1}\"");
            } else if (w.startsWith("\u0000")) {
                quoted.add("\"$" + w.substring(1) + "\"");
            } else {
                quoted.add("'" + w.replace("'", "'\\''") + "'");
            }
        }
        return String.join(" ", quoted);
    }

    /** Writes sorted indices as Slurm's array ranges, e.g. "0-3,5,7-9". */
    static String arraySpec(Set<Integer> indices) {
        List<Integer> sorted = indices.stream().sorted().toList();
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    @Override
    public Map<Integer, TaskState> tasks(Sweep sweep, Submission submission) throws IOException {
        Map<Integer, TaskState> tasks = new TreeMap<>();
        if (submission.job() == null) {
            boolean submitting = Instant.parse(submission.submittedAt()).plus(SUBMITTING).isAfter(Instant.now());
            if (submitting) {
                submission.attempts().keySet().forEach(i -> tasks.put(i, new TaskState(TaskState.Phase.QUEUED, "Slurm",
                        "SUBMITTING", "")));
            }
            return tasks;
        }
        if (queue == null) {
            queue = slurm.squeue();
        }
        for (SlurmCommands.QueueEntry e : queue) {
            if (e.arrayJob().equals(submission.job()) && submission.includes(e.task())) {
                TaskState.Phase phase = QUEUED.contains(e.state()) ? TaskState.Phase.QUEUED
                        : ENDED.contains(e.state()) ? TaskState.Phase.ENDED : TaskState.Phase.RUNNING;
                tasks.put(e.task(), new TaskState(phase, "Slurm " + e.arrayJob() + "_" + e.task(), e.state(), e.reason()));
            }
        }
        return tasks;
    }

    /** Forgets what squeue said, so the next {@link #tasks} asks again. */
    public void refresh() {
        queue = null;
    }

    @Override
    public void cancel(Sweep sweep, Submission submission) throws IOException {
        List<String> jobs = new ArrayList<>();
        if (submission.job() != null) {
            jobs.add(submission.job());
        }
        if (submission.collector() != null) {
            jobs.add(submission.collector());
        }
        slurm.scancel(jobs);
        refresh();
    }
}
