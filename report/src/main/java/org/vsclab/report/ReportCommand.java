package org.vsclab.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc report <parent-run | experiment>}: the runs of a sweep as the paper's tables (Markdown and
 * CSV) and figures (PNG), written to a folder and logged as artifacts ({@code report/}) of the sweep's
 * parent run, where {@code mlflow ui} shows them.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Turn the child runs of a sweep (or an experiment's runs) into tables and figures:"
                + " mean ± std over seeds per group, Markdown + CSV + PNG, logged to the parent run.",
                "Example: vsc report 3f9c1a2b   (the parent run id, or a unique prefix; or an experiment name)"})
public final class ReportCommand implements VscCommand {

    @ParentCommand
    Vsc parent;

    @Parameters(index = "0", paramLabel = "PARENT-RUN|EXPERIMENT",
            description = "A parent run's id (or unique prefix), any run's id, or an experiment name (its newest sweep).")
    String target;

    @Option(names = "--uri", paramLabel = "URI", description = "Tracking store to read. Default: $MLFLOW_TRACKING_URI, else file:./mlruns.")
    String uri;

    @Option(names = "--layout", paramLabel = "NAME|FILE",
            description = "A built-in layout (linear, fmnist, celeba, generic) or a layout file (HOCON). Default: chosen from the runs' data source.")
    String layoutName;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the files. Default: ./report-<parent id prefix or experiment>.")
    Path out;

    @Option(names = "--no-log", description = "Do not log the report as an artifact of the parent run.")
    boolean noLog;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = parent.session().out();
        PrintWriter err = parent.session().err();
        ComponentRegistry registry = parent.session().classpathRegistry();
        List<String> overrides = new ArrayList<>();
        if (uri != null) {
            overrides.add("tracking.uri=" + uri);
        }
        try (Tracker tracker = new ExperimentBuilder(registry).openTracker(new ConfigLoader(registry.classLoader())
                .load(Optional.empty(), overrides))) {
            RunCatalog catalog = tracker.catalog();
            Report.Selection selection;
            ReportLayout layout;
            try {
                selection = Report.select(catalog, target);
                List<ReportLayout> layouts = ReportLayout.builtIn(registry.classLoader());
                layout = layoutName == null ? ReportLayout.choose(layouts, selection.runs().get(0).params())
                        : Files.isRegularFile(Path.of(layoutName)) ? ReportLayout.file(Path.of(layoutName))
                        : ReportLayout.named(layouts, layoutName);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage() + " (store " + tracker.uri() + ")");
                return Vsc.USAGE;
            }
            Report report = Report.build(selection, layout, store(catalog));
            Path dir = out != null ? out : Path.of("report-" + selection.parent().map(r -> r.runId().substring(0, 8)).orElse(target));
            report.writeTo(dir);
            stdout.print(report.markdown());
            stdout.println("Written: " + dir.toAbsolutePath().normalize() + " (" + report.files().size() + " files)");
            if (selection.parent().isPresent() && !noLog) {
                RunSummary p = selection.parent().get();
                TrackedRun run = tracker.reopenRun(p.runId(), Optional.empty());
                try {
                    for (Map.Entry<String, byte[]> f : report.files().entrySet()) {
                        run.logArtifact("report/" + f.getKey(), f.getValue());
                    }
                } finally {
                    run.end(p.status());
                }
                stdout.println("Logged:  artifacts report/ of run " + p.runId() + " (" + p.runName() + ")");
            }
            stdout.flush();
            return 0;
        }
    }

    /** Metric histories and artifacts through the catalog, so a report reads a local store and a server alike. */
    static Figures.Store store(RunCatalog catalog) {
        return new Figures.Store() {
            @Override
            public List<Figures.Point> history(RunSummary run, String metric) throws IOException {
                return catalog.metricHistory(run, metric).stream().map(p -> new Figures.Point(p.step(), p.value())).toList();
            }

            @Override
            public Optional<byte[]> artifact(RunSummary run, String path) throws IOException {
                return catalog.artifact(run, path);
            }
        };
    }
}
