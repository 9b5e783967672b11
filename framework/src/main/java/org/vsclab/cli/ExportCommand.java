package org.vsclab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vsc export <run-id> --out DIR}: copies a run's dictionary, validation codes and config. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's dictionary.npy (D×K), val_codes.npy (N×K) and config.conf to a directory.")
final class ExportCommand implements Callable<Integer> {

    private static final String[] ARTIFACTS = {
        ExperimentRunner.DICTIONARY, ExperimentRunner.VALIDATION_CODES, ExperimentRunner.CONFIG};

    @ParentCommand
    Vsc parent;

    @Mixin
    TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "RUN-ID", description = "The run's id, or an unambiguous prefix of it.")
    String runId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to (created if needed).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = parent.spec.commandLine().getOut();
        PrintWriter stderr = parent.spec.commandLine().getErr();
        try (Tracker tracker = tracking.open(parent.session())) {
            RunCatalog catalog = tracker.catalog();
            try {
                return export(catalog, tracker.uri(), stdout, stderr);
            } finally {
                for (String problem : catalog.problems()) {
                    stderr.println("warning: skipped unreadable " + problem);
                }
                stderr.flush();
            }
        }
    }

    private int export(RunCatalog catalog, String uri, PrintWriter stdout, PrintWriter stderr) throws IOException {
        Optional<RunSummary> run;
        try {
            run = catalog.find(runId);
        } catch (IllegalArgumentException ambiguous) {
            stderr.println("error: " + ambiguous.getMessage());
            return Vsc.USAGE;
        }
        if (run.isEmpty()) {
            stderr.println("error: no run '" + runId + "' in " + uri + " (see `vsc runs`).");
            return Vsc.USAGE;
        }
        Files.createDirectories(out);
        int missing = 0;
        for (String name : ARTIFACTS) {
            Optional<byte[]> bytes = catalog.artifact(run.get(), name);
            if (bytes.isPresent()) {
                Files.write(out.resolve(name), bytes.get());
                stdout.println("wrote " + out.resolve(name));
            } else {
                stderr.println("warning: run " + run.get().runId() + " (" + run.get().status() + ") has no " + name
                        + (run.get().status().name().equals("FINISHED") ? "" : "; it did not finish, see checkpoints/last/ in its artifacts"));
                missing++;
            }
        }
        stdout.flush();
        return missing == 0 ? 0 : Vsc.FAILED;
    }
}
