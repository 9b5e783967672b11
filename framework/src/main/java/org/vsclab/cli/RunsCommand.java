package org.vsclab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vsclab.run.MetricKeys;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunPage;
import org.vsclab.spi.RunQuery;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc runs}: a table of recorded runs with their status and key metrics, from a local store or
 * an MLflow server alike, optionally searched with MLflow's filter syntax. Runs whose process died
 * show as LOST; {@code --reap} marks them KILLED. Files of a damaged store that could not be read
 * are named after the table, once each.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List recorded runs with status and key metrics (a local store or an MLflow server).",
                "Example: vsc runs -e compare-priors --filter 'metrics.`val/loss` < 0.2' --order-by 'metrics.`val/loss` ASC'"})
final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @ParentCommand
    Vsc parent;

    @Mixin
    TrackingOptions tracking;

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only runs of this experiment.")
    String experiment;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "MLflow's filter syntax, e.g. \"params.`model.prior` = 'gaussian' and metrics.`val/loss` < 0.1\".")
    String filter = "";

    @Option(names = "--order-by", paramLabel = "TERM", description = "e.g. \"metrics.`val/loss` ASC\" (repeatable). Default: newest first.")
    List<String> orderBy = new ArrayList<>();

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "At most N runs (default: all).")
    Integer max;

    @Option(names = "--reap", description = "Mark runs whose process died (shown as LOST) KILLED, with their last heartbeat as end time.")
    boolean reap;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.out();
        PrintWriter err = parent.err();
        try (Tracker tracker = tracking.open(parent.session())) {
            if (reap) {
                List<RunSummary> reaped = tracker.reapLost(Optional.ofNullable(experiment));
                for (RunSummary r : reaped) {
                    out.println("marked KILLED: " + r.runId() + " (" + r.runName() + "): " + r.lost().orElse("lost"));
                }
                out.println(reaped.isEmpty() ? "No lost runs." : reaped.size() + " lost run(s) marked KILLED.");
            }
            RunCatalog catalog = tracker.catalog();
            List<RunSummary> runs;
            try {
                runs = search(catalog);
            } catch (IllegalArgumentException badFilter) {
                err.println("error: " + badFilter.getMessage());
                return Vsc.USAGE;
            }
            if (runs.isEmpty()) {
                out.println("No runs in " + tracker.uri() + (experiment == null ? "" : " for experiment '" + experiment + "'")
                        + (filter.isBlank() ? "" : " matching the filter") + ".");
            } else {
                table(runs).print(out);
            }
            long lost = runs.stream().filter(r -> r.lost().isPresent()).count();
            if (lost > 0 && !reap) {
                out.println(lost + " run(s) LOST: their process died; `vsc runs --reap` marks them KILLED, `vsc resume <run>` continues one.");
            }
            for (String problem : catalog.problems()) {
                err.println("warning: skipped unreadable " + problem);
            }
            out.flush();
            err.flush();
            return 0;
        }
    }

    private List<RunSummary> search(RunCatalog catalog) throws IOException {
        RunQuery query = RunQuery.all().filter(filter).orderBy(orderBy.toArray(String[]::new));
        if (experiment != null) {
            query = query.inExperiments(experiment);
        }
        if (max != null) {
            query = query.maxResults(Math.max(1, Math.min(max, RunQuery.DEFAULT_PAGE_SIZE)));
        }
        List<RunSummary> runs = new ArrayList<>();
        while (true) {
            RunPage page = catalog.search(query);
            runs.addAll(page.runs());
            if (page.nextPageToken().isEmpty() || (max != null && runs.size() >= max)) {
                return max == null || runs.size() <= max ? runs : runs.subList(0, max);
            }
            query = query.page(page.nextPageToken().get());
        }
    }

    private static Table table(List<RunSummary> runs) {
        Table table = new Table("RUN", "EXPERIMENT", "NAME", "PRIOR", "STATUS", "STARTED", "DURATION", "VAL LOSS", "VAL RECON",
                "NONZERO", "ATOMS REC");
        for (RunSummary r : runs) {
            String duration = r.endTime().map(e -> ProgressBar.duration((e - r.startTime()) / 1000.0)).orElse("-");
            String name = r.parentRunId().isPresent() ? "  " + r.runName() : r.runName();
            String status = r.lost().isPresent() ? "LOST" : r.status().name();
            table.row(r.runId().substring(0, Math.min(8, r.runId().length())), clip(r.experimentName(), 20), clip(name, 34),
                    r.params().getOrDefault("model.prior", "-"), status, TIME.format(Instant.ofEpochMilli(r.startTime())),
                    duration, Table.number(r.metrics().get(MetricKeys.VALIDATION + "loss")),
                    Table.number(r.metrics().get(MetricKeys.VALIDATION + "recon")),
                    Table.number(r.metrics().get(MetricKeys.VALIDATION + "nonzero_frac")),
                    Table.number(r.metrics().get("dict/atoms_recovered")));
        }
        return table;
    }

    private static String clip(String s, int width) {
        return s == null ? "" : s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
