package org.vsclab.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

/**
 * A child process for the store's fault tests.
 *
 * <ul>
 *   <li>{@code hold ROOT EXPERIMENT}: starts a run, logs a metric, prints its id, then waits to be killed;
 *   <li>{@code write ROOT GO-FILE WRITER RUNS}: warms up on a scratch store (so that every writer is
 *       equally fast), waits for GO-FILE, then starts RUNS runs, run r in experiment "shared-r"
 *       (so every writer races to create each experiment), each with params and 50 metric values
 *       that name the writer and the run, and ends them; prints "done".
 * </ul>
 */
public final class StoreWriterMain {

    private StoreWriterMain() {}

    /**
     * Runs one mode.
     *
     * @param args the mode and its arguments
     * @throws Exception on failure (the process exits non-zero)
     */
    public static void main(String[] args) throws Exception {
        FileStoreTracker tracker = FileStoreTracker.open(args[1]);
        if (args[0].equals("hold")) {
            TrackedRun run = tracker.startRun(new RunSpec(args[2], "held", Map.of()));
            run.logMetrics(Map.of("loss", 1.0), 0);
            run.flush();
            System.out.println(run.id());
            System.out.flush();
            Thread.sleep(600_000);
            return;
        }
        Path go = Path.of(args[2]);
        int writer = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        Path scratch = Files.createTempDirectory("warm-up");
        TrackedRun warm = FileStoreTracker.open(scratch.toString()).startRun(new RunSpec("warm", "warm", Map.of()));
        warm.logParams(Map.of("a", "b"));
        warm.logMetrics(Map.of("m", 1.0), 0);
        warm.end(RunStatus.FINISHED);
        new FileRunCatalog(scratch).runs(java.util.Optional.empty());
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int r = 0; r < runs; r++) {
            TrackedRun run = tracker.startRun(new RunSpec("shared-" + r, "w" + writer + "-r" + r, Map.of("writer", "" + writer)));
            run.logParams(Map.of("writer", "" + writer, "run", "" + r));
            for (int step = 0; step < 50; step++) {
                run.logMetrics(Map.of("value", writer * 1000.0 + r + step / 100.0), step);
            }
            run.end(RunStatus.FINISHED);
        }
        System.out.println("done");
    }
}
