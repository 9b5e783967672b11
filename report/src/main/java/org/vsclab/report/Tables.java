package org.vsclab.report;

import java.util.ArrayList;
import java.util.List;

/** Renders a table of a layout over groups of runs, as Markdown (mean ± std) and as CSV (every number). */
final class Tables {

    private Tables() {}

    /** Returns the groups that appear in a table (those with its required metric, if it has one). */
    static List<RunGroup> rows(ReportLayout.TableSpec table, List<RunGroup> groups) {
        return groups.stream().filter(g -> table.requires().isEmpty() || !g.values(table.requires().get()).isEmpty()).toList();
    }

    /** A Markdown table: one row per group, "mean ± std" per column, and the number of runs. */
    static String markdown(ReportLayout.TableSpec table, List<RunGroup> groups) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method", "runs"));
        table.columns().forEach(c -> header.add(c.label()));
        out.append("| ").append(String.join(" | ", header.stream().map(Tables::escape).toList())).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append("\n");
        for (RunGroup g : rows(table, groups)) {
            List<String> cells = new ArrayList<>(List.of(escape(g.name()), String.valueOf(g.runs().size())));
            for (ReportLayout.Column c : table.columns()) {
                cells.add(g.stat(c.metric()).format(c.scale(), c.digits()));
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return out.toString();
    }

    /** A CSV table: group, label, runs, then mean, std and n of every column (unscaled metric values). */
    static String csv(ReportLayout.TableSpec table, List<RunGroup> groups) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method", "group", "runs"));
        for (ReportLayout.Column c : table.columns()) {
            header.add(c.metric() + " mean");
            header.add(c.metric() + " std");
            header.add(c.metric() + " n");
        }
        out.append(String.join(",", header.stream().map(Tables::quote).toList())).append("\n");
        for (RunGroup g : rows(table, groups)) {
            List<String> cells = new ArrayList<>(List.of(quote(g.name()), quote(g.label()), String.valueOf(g.runs().size())));
            for (ReportLayout.Column c : table.columns()) {
                Stat s = g.stat(c.metric());
                cells.add(s.n() == 0 ? "" : repr(s.mean()));
                cells.add(s.n() == 0 ? "" : repr(s.std()));
                cells.add(String.valueOf(s.n()));
            }
            out.append(String.join(",", cells)).append("\n");
        }
        return out.toString();
    }

    private static String repr(double v) {
        return Double.toString(v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
