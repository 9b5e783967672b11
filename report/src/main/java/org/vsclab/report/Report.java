package org.vsclab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * A report over the runs of a sweep (the children of a parent run) or of an experiment: the layout's
 * tables as Markdown ({@code report.md}) and CSV, its figures as PNG, and a statement of which
 * numbers are comparable with the published ones. Runs are read through {@link RunCatalog} only, so a
 * report works the same against a local store and a server.
 *
 * @param title the heading
 * @param parent the parent run the report belongs to, if the runs came from a sweep
 * @param groups the groups of finished runs
 * @param skipped runs that did not finish (listed, not aggregated)
 * @param files every file of the report, by relative path (report.md first)
 */
public record Report(String title, Optional<RunSummary> parent, List<RunGroup> groups, List<RunSummary> skipped,
        Map<String, byte[]> files) {

    /** The report's main file. */
    public static final String MARKDOWN = "report.md";

    /**
     * The runs a target names.
     *
     * @param parent the sweep's parent run, if any
     * @param runs its children (or the experiment's runs), oldest first
     * @param description how they were found, for the report
     */
    public record Selection(Optional<RunSummary> parent, List<RunSummary> runs, String description) {}

    /**
     * Finds the runs of a target: a run id (or unique prefix) of a parent run gives its children; of
     * any other run, that run; an experiment name gives the children of its newest parent run, or all
     * its runs when it has no parent run.
     *
     * @param catalog the store
     * @param target a run id, id prefix or experiment name
     * @return the selection
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if nothing matches (the message says what was looked for)
     */
    public static Selection select(RunCatalog catalog, String target) throws IOException {
        Optional<RunSummary> run;
        try {
            run = catalog.find(target);
        } catch (IllegalArgumentException ambiguous) {
            throw new IllegalArgumentException(ambiguous.getMessage(), ambiguous);
        }
        if (run.isPresent()) {
            List<RunSummary> children = childrenOf(catalog, run.get());
            return children.isEmpty()
                    ? new Selection(Optional.empty(), List.of(run.get()), "run " + run.get().runId())
                    : new Selection(run, children, "the " + children.size() + " child runs of " + run.get().runName() + " ("
                            + run.get().runId() + ")");
        }
        List<RunSummary> all = catalog.runs(Optional.of(target));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no run id and no experiment '" + target + "' in the tracking store"
                    + " (vsc runs lists them)");
        }
        Optional<RunSummary> newestParent = all.stream().filter(r -> r.tags().containsKey("vsc.sweep"))
                .max(Comparator.comparingLong(RunSummary::startTime));
        if (newestParent.isPresent()) {
            List<RunSummary> children = oldestFirst(all.stream()
                    .filter(r -> newestParent.get().runId().equals(r.tags().get("mlflow.parentRunId"))).toList());
            return new Selection(newestParent, children, "the " + children.size() + " child runs of the newest sweep of experiment '"
                    + target + "' (" + newestParent.get().runId() + ")");
        }
        return new Selection(Optional.empty(), oldestFirst(all), "the " + all.size() + " runs of experiment '" + target + "'");
    }

    private static List<RunSummary> childrenOf(RunCatalog catalog, RunSummary parent) throws IOException {
        return oldestFirst(catalog.runs(Optional.of(parent.experimentName())).stream()
                .filter(r -> parent.runId().equals(r.tags().get("mlflow.parentRunId"))).toList());
    }

    private static List<RunSummary> oldestFirst(List<RunSummary> runs) {
        List<RunSummary> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(RunSummary::startTime).thenComparing(RunSummary::runId));
        return sorted;
    }

    /**
     * Builds the report.
     *
     * @param selection the runs
     * @param layout what to show
     * @param store histories and artifacts for the figures
     * @return the report, with every file rendered
     * @throws IOException if the store cannot be read
     */
    public static Report build(Selection selection, ReportLayout layout, Figures.Store store) throws IOException {
        List<RunSummary> finished = selection.runs().stream().filter(r -> r.status() == RunStatus.FINISHED).toList();
        List<RunSummary> skipped = selection.runs().stream().filter(r -> r.status() != RunStatus.FINISHED).toList();
        List<RunGroup> groups = RunGroup.of(finished, layout.groupNameTag());
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(layout.title()).append("\n\n");
        md.append("Runs: ").append(selection.description()).append("; ").append(finished.size()).append(" finished");
        if (!skipped.isEmpty()) {
            md.append(", ").append(skipped.size()).append(" not finished and left out (");
            md.append(String.join(", ", skipped.stream().map(r -> r.runName() + " " + r.status()).toList())).append(")");
        }
        md.append(". Values are the last logged value of each run, as mean ± std (population, ddof = 0) over the runs of a"
                + " group; the CSV files hold every number. Generated ").append(Instant.now()).append(".\n\n");
        layout.comparability().ifPresent(c -> {
            List<String> reasons = Comparability.differences(c, finished);
            md.append("## Comparable with ").append(c.reference()).append("?\n\n");
            if (reasons.isEmpty()) {
                md.append(c.whenMet()).append("\n\n");
            } else {
                md.append("Not directly. The numbers follow the same definitions, but:\n\n");
                reasons.forEach(r -> md.append("- ").append(r).append("\n"));
                md.append("\n");
            }
        });
        for (ReportLayout.TableSpec table : layout.tables()) {
            if (!Tables.shown(table, groups)) {
                continue;
            }
            md.append("## ").append(table.title()).append("\n\n").append(Tables.markdown(table, groups)).append("\n");
            md.append("CSV: [").append(table.file()).append(".csv](").append(table.file()).append(".csv)\n\n");
            files.put(table.file() + ".csv", Tables.csv(table, groups).getBytes(StandardCharsets.UTF_8));
        }
        if (!layout.notes().isEmpty()) {
            md.append("## Notes\n\n");
            layout.notes().forEach(n -> md.append("- ").append(n).append("\n"));
            md.append("\n");
        }
        List<Figures.Figure> figures = new ArrayList<>();
        for (ReportLayout.FigureSpec spec : layout.figures()) {
            figures.addAll(Figures.draw(spec, groups, store));
        }
        if (!figures.isEmpty()) {
            md.append("## Figures\n\n");
            for (Figures.Figure f : figures) {
                md.append("### ").append(f.title()).append("\n\n![").append(f.title()).append("](").append(f.file()).append(")\n\n");
                files.put(f.file(), f.png());
            }
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        ordered.put(MARKDOWN, md.toString().getBytes(StandardCharsets.UTF_8));
        ordered.putAll(files);
        return new Report(layout.title(), selection.parent(), groups, skipped, ordered);
    }

    /**
     * Writes every file into a directory (created if needed).
     *
     * @param directory the directory
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(directory.resolve(f.getKey()), f.getValue());
        }
    }

    /** Returns the Markdown text. */
    public String markdown() {
        return new String(files.get(MARKDOWN), StandardCharsets.UTF_8);
    }
}
