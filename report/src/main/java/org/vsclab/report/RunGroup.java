package org.vsclab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vsclab.spi.RunSummary;

/**
 * Runs that differ only in their seed: one row of a table.
 *
 * @param label what distinguishes the group (the sweep's group label, or the parameters that differ)
 * @param name its display name (a tag such as {@code method} if the layout names one, else the label)
 * @param runs its runs, in the order they started
 */
public record RunGroup(String label, String name, List<RunSummary> runs) {

    /** The tag the sweep engine sets to the overrides of a point without its seed. */
    public static final String GROUP_LABEL = "vsc.sweep.group-label";

    /** Parameters that never distinguish groups. */
    private static final Set<String> SEED_KEYS = Set.of("seed", "run-name");

    /**
     * Returns the final values of a metric over the group's runs (runs without it are left out).
     *
     * @param metric the key
     * @return the values
     */
    public List<Double> values(String metric) {
        List<Double> values = new ArrayList<>();
        for (RunSummary r : runs) {
            Double v = r.metrics().get(metric);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /** Returns the statistic of a metric over the runs. */
    public Stat stat(String metric) {
        return Stat.of(values(metric));
    }

    /**
     * Groups runs: by the {@value #GROUP_LABEL} tag when every run has it, else by the values of the
     * parameters that differ between the runs, other than the seed and the run name.
     *
     * @param runs the runs, in order
     * @param nameTag a tag that names a group, if any
     * @return the groups, in order of their first run
     */
    public static List<RunGroup> of(List<RunSummary> runs, Optional<String> nameTag) {
        boolean labelled = !runs.isEmpty() && runs.stream().allMatch(r -> r.tags().containsKey(GROUP_LABEL));
        List<String> differing = labelled ? List.of() : differingParams(runs);
        Map<String, List<RunSummary>> byLabel = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            String label = labelled ? r.tags().get(GROUP_LABEL) : label(r, differing);
            byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
        }
        List<RunGroup> groups = new ArrayList<>();
        byLabel.forEach((label, members) -> {
            String name = nameTag.map(t -> members.get(0).tags().get(t)).orElse(null);
            groups.add(new RunGroup(label, name == null ? (label.isEmpty() ? "all runs" : label) : name, List.copyOf(members)));
        });
        return groups;
    }

    private static List<String> differingParams(List<RunSummary> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (SEED_KEYS.contains(key)) {
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            runs.forEach(r -> values.add(r.params().get(key)));
            if (values.size() > 1) {
                differing.add(key);
            }
        }
        return differing;
    }

    private static String label(RunSummary r, List<String> keys) {
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            parts.add(key + "=" + r.params().get(key));
        }
        return String.join(" ", parts);
    }
}
