package org.vsclab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
        Table table = new Table("RUN", "EXPERIMENT", "NAME", "PRIOR", "STATUS", "STARTED", "DURATION", "VAL LOSS", "VAL RECON",
                "NONZERO", "ATOMS REC");
        for (RunSummary r : runs) {
            String duration = r.endTime().map(e -> ProgressBar.duration((e - r.startTime()) / 1000.0)).orElse("-");
            String name = r.tags().containsKey("mlflow.parentRunId") ? "  " + r.runName() : r.runName();
            table.row(r.runId().substring(0, Math.min(8, r.runId().length())), clip(r.experimentName(), 20), clip(name, 34),
                    r.params().getOrDefault("model.prior", "-"), r.status().name(), TIME.format(Instant.ofEpochMilli(r.startTime())),
                    duration, Table.number(r.metrics().get("val/loss")), Table.number(r.metrics().get("val/recon")),
                    Table.number(r.metrics().get("val/nonzero_frac")), Table.number(r.metrics().get("dict/atoms_recovered")));
        }
        table.print(out);
        out.flush();
        return 0;
    }


    private static String clip(String s, int width) {
        return s == null ? "" : s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
