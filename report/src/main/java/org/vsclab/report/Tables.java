package org.vsclab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a table of a layout over groups of runs, as Markdown (mean ± std) and as CSV (every number):
 * a row per group with the layout's columns, or, for a pivot table, one metric with a row per group of
 * the other parameters and a column per value of the pivot parameter.
 */
final class Tables {

    private Tables() {}

    /** Returns the groups that appear in a table (those with its required metric, if it has one). */
    static List<RunGroup> rows(ReportLayout.TableSpec table, List<RunGroup> groups) {
        return groups.stream().filter(g -> table.requires().isEmpty() || !g.values(table.requires().get()).isEmpty()).toList();
    }

    /** Returns whether a table has anything to show. */
    static boolean shown(ReportLayout.TableSpec table, List<RunGroup> groups) {
        if (table.pivot().isEmpty()) {
            return !rows(table, groups).isEmpty();
        }
        Grid grid = grid(table.pivot().get(), rows(table, groups));
        return !grid.rows().isEmpty() && grid.columns().size() >= table.pivot().get().minColumns();
    }

    /** A Markdown table: one row per group, "mean ± std" per column, and the number of runs. */
    static String markdown(ReportLayout.TableSpec table, List<RunGroup> groups) {
        if (table.pivot().isPresent()) {
            return pivotMarkdown(table.pivot().get(), rows(table, groups));
        }
        StringBuilder out = new StringBuilder();
        List<RunGroup> rows = rows(table, groups);
        List<ReportLayout.Column> columns = shownColumns(table, rows);
        List<String> header = new ArrayList<>(List.of("method", "runs"));
        columns.forEach(c -> header.add(c.label()));
        appendRow(out, header.stream().map(Tables::escape).toList());
        out.append("|").append("---|".repeat(header.size())).append("\n");
        List<String> names = RunGroup.distinctNames(rows);
        for (int r = 0; r < rows.size(); r++) {
            RunGroup g = rows.get(r);
            List<String> cells = new ArrayList<>(List.of(escape(names.get(r)), String.valueOf(g.runs().size())));
            for (ReportLayout.Column c : columns) {
                cells.add(c.source() == ReportLayout.Source.PARAM
                        ? escape(g.param(c.key()).map(v -> scaled(v, c.scale())).orElse("–"))
                        : g.stat(c.key()).format(c.scale(), c.digits()));
            }
            appendRow(out, cells);
        }
        return out.toString();
    }

    /**
     * The columns a Markdown table shows: every parameter column, and the metric columns some row has a
     * value for (a metric no run logged, such as FID without an extractor, would be a column of dashes;
     * the CSV keeps every column).
     */
    static List<ReportLayout.Column> shownColumns(ReportLayout.TableSpec table, List<RunGroup> rows) {
        return table.columns().stream()
                .filter(c -> c.source() == ReportLayout.Source.PARAM || rows.stream().anyMatch(g -> g.stat(c.key()).n() > 0)).toList();
    }

    /** A CSV table: group, label, runs, then mean, std and n of every metric column (unscaled), a parameter's value as is. */
    static String csv(ReportLayout.TableSpec table, List<RunGroup> groups) {
        if (table.pivot().isPresent()) {
            return pivotCsv(table.pivot().get(), rows(table, groups));
        }
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method", "group", "runs"));
        for (ReportLayout.Column c : table.columns()) {
            if (c.source() == ReportLayout.Source.PARAM) {
                header.add(c.key());
            } else {
                header.add(c.key() + " mean");
                header.add(c.key() + " std");
                header.add(c.key() + " n");
            }
        }
        out.append(String.join(",", header.stream().map(Tables::quote).toList())).append("\n");
        for (RunGroup g : rows(table, groups)) {
            List<String> cells = new ArrayList<>(List.of(quote(g.name()), quote(g.label()), String.valueOf(g.runs().size())));
            for (ReportLayout.Column c : table.columns()) {
                if (c.source() == ReportLayout.Source.PARAM) {
                    cells.add(quote(g.param(c.key()).orElse("")));
                } else {
                    addStat(cells, g.stat(c.key()));
                }
            }
            out.append(String.join(",", cells)).append("\n");
        }
        return out.toString();
    }

    /**
     * The cells of a pivot table.
     *
     * @param rows the row keys (labels without the pivot parameter), in order of first appearance, with their display names
     * @param columns the pivot parameter's values, sorted
     * @param cells by row key, then by value, the group of that point
     */
    record Grid(Map<String, String> rows, List<String> columns, Map<String, Map<String, RunGroup>> cells) {}

    static Grid grid(ReportLayout.Pivot pivot, List<RunGroup> groups) {
        Map<String, String> rows = new LinkedHashMap<>();
        Set<String> values = new LinkedHashSet<>();
        Map<String, Map<String, RunGroup>> cells = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            String value = g.param(pivot.param()).orElse(null);
            if (value == null) {
                continue;
            }
            String row = g.labelWithout(pivot.param());
            rows.putIfAbsent(row, g.name());
            values.add(value);
            RunGroup previous = cells.computeIfAbsent(row, k -> new LinkedHashMap<>()).putIfAbsent(value, g);
            if (previous != null) {
                throw new IllegalStateException("two groups of runs at " + pivot.param() + "=" + value + ": '" + previous.label()
                        + "' and '" + g.label() + "'");
            }
        }
        List<String> columns = new ArrayList<>(values);
        columns.sort(Comparator.comparing(Tables::numberOrNaN).thenComparing(Comparator.naturalOrder()));
        return new Grid(rows, columns, cells);
    }

    private static String pivotMarkdown(ReportLayout.Pivot pivot, List<RunGroup> groups) {
        Grid grid = grid(pivot, groups);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method"));
        grid.columns().forEach(v -> header.add(escape(pivot.heading().replace("{value}", scaled(v, pivot.valueScale())))));
        appendRow(out, header);
        out.append("|").append("---|".repeat(header.size())).append("\n");
        List<String> keys = new ArrayList<>(grid.rows().keySet());
        List<String> names = RunGroup.distinct(new ArrayList<>(grid.rows().values()), keys);
        for (int r = 0; r < keys.size(); r++) {
            String row = keys.get(r);
            List<String> cells = new ArrayList<>(List.of(escape(names.get(r))));
            for (String v : grid.columns()) {
                RunGroup g = grid.cells().get(row).get(v);
                cells.add(g == null ? "–" : g.stat(pivot.metric()).format(pivot.scale(), pivot.digits()));
            }
            appendRow(out, cells);
        }
        return out.toString();
    }

    private static String pivotCsv(ReportLayout.Pivot pivot, List<RunGroup> groups) {
        Grid grid = grid(pivot, groups);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method", "group"));
        for (String v : grid.columns()) {
            String column = pivot.param() + "=" + v + " " + pivot.metric();
            header.add(column + " mean");
            header.add(column + " std");
            header.add(column + " n");
        }
        out.append(String.join(",", header.stream().map(Tables::quote).toList())).append("\n");
        grid.rows().forEach((row, name) -> {
            List<String> cells = new ArrayList<>(List.of(quote(name), quote(row)));
            for (String v : grid.columns()) {
                RunGroup g = grid.cells().get(row).get(v);
                addStat(cells, g == null ? Stat.of(List.of()) : g.stat(pivot.metric()));
            }
            out.append(String.join(",", cells)).append("\n");
        });
        return out.toString();
    }

    private static void addStat(List<String> cells, Stat s) {
        cells.add(s.n() == 0 ? "" : Double.toString(s.mean()));
        cells.add(s.n() == 0 ? "" : Double.toString(s.std()));
        cells.add(String.valueOf(s.n()));
    }

    /** A parameter's value times a factor, as a number when it is one (0.05 × 100 → "5"), else as is. */
    static String scaled(String value, double scale) {
        double v = numberOrNaN(value);
        if (Double.isNaN(v) || scale == 1) {
            return value;
        }
        return Stat.number(v * scale, 6);
    }

    private static double numberOrNaN(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
