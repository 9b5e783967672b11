package org.vsclab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vsc runs}: a table of recorded runs with their status and key metrics, side by side. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recorded runs with status and key metrics.")
final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** The metric columns, with their headers. */
    private static final String[][] COLUMNS = {
        {"val/loss", "VAL LOSS"}, {"val/nonzero_frac", "NONZERO"}, {"dict/atoms_recovered", "ATOMS REC"}};

    @ParentCommand
    Vsc parent;

    @Mixin
    TrackingOptions tracking;

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only runs of this experiment.")
    String experiment;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.spec.commandLine().getOut();
        Tracker tracker = tracking.open(parent.registry());
        List<RunSummary> runs = tracker.catalog().runs(Optional.ofNullable(experiment));
        if (runs.isEmpty()) {
            out.println("No runs in " + tracker.uri() + (experiment == null ? "" : " for experiment '" + experiment + "'") + ".");
            return 0;
        }
        String format = "%-10s %-14s %-30s %-9s %-16s %9s %10s %9s %10s%n";
        out.printf(Locale.ROOT, format, "RUN", "EXPERIMENT", "NAME", "STATUS", "STARTED", "DURATION",
                COLUMNS[0][1], COLUMNS[1][1], COLUMNS[2][1]);
        for (RunSummary r : runs) {
            String duration = r.endTime().map(e -> ProgressBar.duration((e - r.startTime()) / 1000.0)).orElse("-");
            out.printf(Locale.ROOT, format, r.runId().substring(0, Math.min(8, r.runId().length())),
                    clip(r.experimentName(), 14), clip(r.runName(), 30), r.status(),
                    TIME.format(Instant.ofEpochMilli(r.startTime())), duration,
                    metric(r, COLUMNS[0][0]), metric(r, COLUMNS[1][0]), metric(r, COLUMNS[2][0]));
        }
        out.flush();
        return 0;
    }

    private static String metric(RunSummary run, String key) {
        Double v = run.metrics().get(key);
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String clip(String s, int width) {
        return s == null ? "" : s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
