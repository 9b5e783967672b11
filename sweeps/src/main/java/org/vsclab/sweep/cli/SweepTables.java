package org.vsclab.sweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.cli.Table;
import org.vsclab.sweep.Aggregate;
import org.vsclab.sweep.PointStatus;
import org.vsclab.sweep.SweepStatus;

/** Prints a sweep's state: one row per point, then mean ± std over seeds per group. */
final class SweepTables {

    /** The metrics shown when none are asked for (those the runs have). */
    static final List<String> DEFAULT_METRICS = List.of("val/loss", "val/recon", "val/nonzero_frac", "dict/atoms_recovered",
            "dict/best_cosine_mean");

    private SweepTables() {}

    /**
     * Prints the points.
     *
     * @param out where
     * @param status the sweep's state
     * @param metrics the metric columns (those no run has are left out)
     */
    static void points(PrintWriter out, SweepStatus status, List<String> metrics) {
        List<String> shown = present(status, metrics);
        List<String> headers = new ArrayList<>(List.of("#", "POINT", "STATE", "RUN", "TRIES"));
        headers.addAll(shown);
        headers.add("DETAIL");
        Table table = new Table(headers.toArray(String[]::new));
        for (PointStatus p : status.points()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(p.point().index()), p.point().label(), p.state().label(),
                    p.run().map(r -> r.runId().substring(0, 8)).orElse("-"), Integer.toString(p.attempts())));
            for (String m : shown) {
                row.add(p.run().map(r -> Table.number(r.metrics().get(m))).orElse("-"));
            }
            row.add(p.detail().length() > 90 ? p.detail().substring(0, 87) + "..." : p.detail());
            table.row(row.toArray(String[]::new));
        }
        table.print(out);
    }

    /**
     * Prints mean ± std over seeds per group, when some group has more than one finished run.
     *
     * @param out where
     * @param status the sweep's state
     * @param metrics the metric columns
     * @return whether anything was printed
     */
    static boolean aggregate(PrintWriter out, SweepStatus status, List<String> metrics) {
        Aggregate aggregate = status.aggregate();
        if (aggregate.groups().stream().allMatch(g -> g.runIds().size() < 2)) {
            return false;
        }
        List<String> shown = present(status, metrics);
        List<String> headers = new ArrayList<>(List.of("GROUP", "N"));
        shown.forEach(m -> headers.add(m + " (mean ± std)"));
        Table table = new Table(headers.toArray(String[]::new));
        for (Aggregate.Group g : aggregate.groups()) {
            List<String> row = new ArrayList<>(List.of(g.label().isEmpty() ? "(all)" : g.label(), Integer.toString(g.runIds().size())));
            for (String m : shown) {
                Aggregate.Stat s = g.metrics().get(m);
                row.add(s == null ? "-" : s.format());
            }
            table.row(row.toArray(String[]::new));
        }
        out.println();
        out.println("Over seeds (population std), per group; on the parent run as <group>/<metric>/mean|std|n:");
        table.print(out);
        return true;
    }

    private static List<String> present(SweepStatus status, List<String> metrics) {
        return metrics.stream().filter(m -> status.points().stream()
                .anyMatch(p -> p.run().map(r -> r.metrics().containsKey(m)).orElse(false))).toList();
    }
}
