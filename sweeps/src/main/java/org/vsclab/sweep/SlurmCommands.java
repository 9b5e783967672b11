package org.vsclab.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's client commands as VSC Lab uses them: {@code sbatch --parsable} to submit, {@code squeue}
 * to see every job of this user in any state ({@code sacct} needs slurmdbd, which many clusters and
 * all test clusters lack), {@code scancel} to stop. Each runs with {@code SLURM_CONF} when one is
 * configured; a command that fails (the controller is down, a bad option) is an error with Slurm's own
 * message, never an empty answer taken for "no jobs".
 */
final class SlurmCommands {

    private static final long TIMEOUT_S = 60;

    /** One line of {@code squeue}: an array task (or a plain job, with task -1). */
    record QueueEntry(String arrayJob, int task, String state, String reason) {}

    private final Optional<String> conf;

    SlurmCommands(Optional<String> conf) {
        this.conf = conf;
    }

    /**
     * Submits a job script.
     *
     * @param script the script
     * @param options sbatch options before the script
     * @return the job id
     * @throws IOException if sbatch cannot run or refuses the job
     */
    String sbatch(Path script, List<String> options) throws IOException {
        List<String> args = new ArrayList<>(List.of("sbatch", "--parsable"));
        args.addAll(options);
        args.add(script.toString());
        Result r = run(args);
        String id = r.out().strip();
        int semicolon = id.indexOf(';');
        id = semicolon >= 0 ? id.substring(0, semicolon) : id;
        if (!id.matches("[0-9]+")) {
            throw new IOException("sbatch answered '" + r.out().strip() + "' instead of a job id");
        }
        return id;
    }

    /** Returns every job and array task of this user that Slurm still knows, in any state. */
    List<QueueEntry> squeue() throws IOException {
        Result r = run(List.of("squeue", "--noheader", "--array", "--states=all", "--user=" + System.getProperty("user.name"),
                "--format=%F|%K|%T|%r"));
        List<QueueEntry> entries = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 4) {
                continue;
            }
            int task;
            try {
                task = Integer.parseInt(f[1].strip());
            } catch (NumberFormatException e) {
                task = -1;                                   // "N/A": a job that is not an array
            }
            entries.add(new QueueEntry(f[0].strip(), task, f[2].strip(), f[3].strip()));
        }
        return entries;
    }

    /** Cancels jobs; jobs that already ended are not an error. */
    void scancel(List<String> jobs) throws IOException {
        if (jobs.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("scancel"));
        args.addAll(jobs);
        Result r = runAllowingFailure(args);
        if (r.exit() != 0 && !r.err().contains("already") && !r.err().contains("Invalid job id")) {
            throw new IOException("scancel " + String.join(" ", jobs) + " failed (exit " + r.exit() + "): " + r.err().strip());
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result run(List<String> command) throws IOException {
        Result r = runAllowingFailure(command);
        if (r.exit() != 0) {
            throw new IOException(command.get(0) + " failed (exit " + r.exit() + "): " + r.err().strip() + confHint());
        }
        return r;
    }

    private Result runAllowingFailure(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        conf.ifPresent(c -> builder.environment().put("SLURM_CONF", c));
        Path out = Files.createTempFile("vsc-slurm", ".out");
        Path err = Files.createTempFile("vsc-slurm", ".err");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p;
            try {
                p = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot run " + command.get(0) + " (is Slurm's client installed and on the PATH?): "
                        + e.getMessage(), e);
            }
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not answer within " + TIMEOUT_S + " s" + confHint());
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " was interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private String confHint() {
        String used = conf.orElseGet(() -> System.getenv("SLURM_CONF"));
        return " (SLURM_CONF=" + (used == null ? "unset: the cluster's default configuration" : used)
                + "; launchers.slurm.conf sets it)";
    }
}
