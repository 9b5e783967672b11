package org.vsclab.cli;

import java.io.PrintWriter;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunResult;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vsc resume <run-id>}: continues a killed, failed or interrupted run from its last checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a run that was killed, failed or interrupted, from its last checkpoint, in the same",
                "tracked run: same configuration, same random streams, so it ends as the uninterrupted run would.",
                "Example: vsc resume 27b7abb5"})
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    Vsc parent;

    @Parameters(index = "0", paramLabel = "RUN-ID", description = "The run's id, or a unique prefix of it (see `vsc runs`).")
    String runId;

    @Mixin
    TrackingOptions tracking;

    @Option(names = "--no-progress", description = "Print one line per epoch instead of a live progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter out = parent.out();
        PrintWriter err = parent.err();
        var registry = parent.registry();
        try (Tracker tracker = tracking.open(registry)) {
            return TrackedRunExecution.execute(err, !noProgress, context -> {
                long started = System.nanoTime();
                RunResult result = new ExperimentRunner(registry, context.listeners(), context.stop()).resume(tracker, runId);
                TrackedRunExecution.printSummary(out, result, (System.nanoTime() - started) / 1e9, OptionalDouble.empty(),
                        tracker.uri(), "");
                return 0;
            });
        }
    }
}
