package org.vsclab.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.vsclab.spi.RunStatus;

/**
 * Runs a submission's points on this machine, each as {@code vsc sweep task} in its own JVM, at most
 * {@code parallel} at a time, and returns when all have ended. The cores are shared out: each child
 * gets {@code -XX:ActiveProcessorCount} and {@code OMP_NUM_THREADS} of cores / parallel, so {@code
 * threads = 0} uses its share. Each child's output goes to {@code <log dir>/<index>-<point id>.log}
 * and, when asked, to the console (prefixed with the point when several run at once).
 *
 * <p>A stop (Ctrl-C, SIGTERM) starts no further point and sends SIGTERM to the running ones, which
 * checkpoint and end their runs KILLED (resumable); the launcher waits for them.
 */
public final class LocalLauncher implements Launcher {

    /** The launcher's name. */
    public static final String NAME = "local";

    private static final long POLL_MS = 200;

    private final Map<Integer, TaskState> known = new ConcurrentHashMap<>();
    private volatile boolean launched;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Submission launch(Launch launch) throws IOException {
        Submission submission = launch.submission();
        int parallel = Math.max(1, submission.parallel());
        int share = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        Path logDir = Path.of(submission.logDir());
        Files.createDirectories(logDir);
        submission.attempts().keySet().forEach(i -> known.put(i, new TaskState(TaskState.Phase.QUEUED, "local", "QUEUED", "")));
        Map<Integer, Process> live = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "vsc-sweep-point");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (Map.Entry<Integer, Integer> e : submission.attempts().entrySet()) {
                SweepPoint point = launch.plan().point(e.getKey());
                futures.add(pool.submit(() -> {
                    runPoint(launch, point, e.getValue(), share, parallel, logDir, live);
                    return null;
                }));
            }
            pool.shutdown();
            boolean stopping = false;
            while (!pool.awaitTermination(POLL_MS, TimeUnit.MILLISECONDS)) {
                if (!stopping && launch.stop().requested()) {
                    stopping = true;
                    live.values().forEach(Process::destroy);   // SIGTERM: each run checkpoints and ends KILLED
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.values().forEach(Process::destroy);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("a sweep point's process could not be run: " + cause, cause);
        } finally {
            pool.shutdownNow();
            launched = true;
        }
        return submission;
    }

    private void runPoint(Launch launch, SweepPoint point, int attempt, int share, int parallel, Path logDir,
            Map<Integer, Process> live) throws IOException, InterruptedException {
        if (launch.stop().requested()) {
            known.remove(point.index());            // never started: the stop came first
            return;
        }
        List<String> command = launch.vsc().command(List.of("-XX:ActiveProcessorCount=" + share),
                launch.taskArguments(Integer.toString(point.index()), Integer.toString(attempt)));
        Path log = logDir.resolve(point.index() + "-" + point.id() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("VSC_PLUGINS_DIR");           // the plugin directories are on the command line
        builder.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(share));
        long started = System.nanoTime();
        Process process = builder.start();
        live.put(point.index(), process);
        String ref = "process " + process.pid();
        known.put(point.index(), new TaskState(TaskState.Phase.RUNNING, ref, "RUNNING", ""));
        launch.listener().started(point, ref, log);
        String prefix = parallel > 1 ? "[" + (point.index() + 1) + "] " : "";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            String line;
            while ((line = in.readLine()) != null) {
                file = write(file, line, log, launch.console());
                if (launch.echo()) {
                    echo(launch.console(), prefix + line);
                }
            }
            if (file != null) {
                file.close();
            }
        }
        int exit = process.waitFor();
        live.remove(point.index());
        known.put(point.index(), new TaskState(TaskState.Phase.ENDED, ref, "exit " + exit, ""));
        launch.listener().ended(point, exit, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Writes a line to the log; a log that cannot be written (a full disk) is given up, the output still drained. */
    private static Writer write(Writer file, String line, Path log, PrintWriter console) {
        if (file == null) {
            return null;
        }
        try {
            file.write(line);
            file.write('\n');
            return file;
        } catch (IOException e) {
            echo(console, "warning: cannot write " + log + " (" + e.getMessage() + "); the rest of this point's output goes only"
                    + " to the console");
            try {
                file.close();
            } catch (IOException ignored) {
                // already reported
            }
            return null;
        }
    }

    private static void echo(PrintWriter console, String line) {
        synchronized (console) {
            console.println(line);
            console.flush();
        }
    }

    /**
     * While this launcher runs a submission, it knows each point's process; another process (a later
     * {@code vsc sweep status}) knows only whether the launcher is still alive: then the points it has
     * not started yet are queued.
     */
    @Override
    public Map<Integer, TaskState> tasks(Sweep sweep, Submission submission) {
        if (!known.isEmpty() || launched) {
            return Map.copyOf(known);
        }
        boolean latest = sweep.submissions().get(sweep.submissions().size() - 1).number() == submission.number();
        if (latest && sweep.parent().status() == RunStatus.RUNNING && RunLiveness.lost(sweep.parent()).isEmpty()
                && RunLiveness.onThisHost(sweep.parent())) {
            Map<Integer, TaskState> queued = new java.util.TreeMap<>();
            submission.attempts().keySet().forEach(i -> queued.put(i,
                    new TaskState(TaskState.Phase.QUEUED, "local launcher " + sweep.parent().tags().get(RunLiveness.PID), "QUEUED", "")));
            return queued;
        }
        return Map.of();
    }

    /** Sends SIGTERM to the launcher that holds the sweep, if it runs on this host; it stops its points. */
    @Override
    public void cancel(Sweep sweep, Submission submission) {
        if (sweep.parent().status() == RunStatus.RUNNING && RunLiveness.onThisHost(sweep.parent())) {
            RunLiveness.process(sweep.parent()).ifPresent(ProcessHandle::destroy);
        }
    }
}
