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

    /** The tag with a sweep point's overrides, space-separated (the seed among them). */
    public static final String POINT = "vsc.sweep.point";

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
     * Returns the value of a parameter the group's runs share (that of its first run).
     *
     * @param key the parameter
     * @return its value, empty if the runs do not have it
     */
    public Optional<String> param(String key) {
        return Optional.ofNullable(runs.get(0).params().get(key));
    }

    /**
     * Returns the label without the {@code key=value} override of one parameter: the groups of a sweep
     * that differ only in that parameter have the same label without it (the rows of a table across
     * that parameter, the lines of a figure against it).
     *
     * @param key the parameter
     * @return the rest of the label
     */
    public String labelWithout(String key) {
        String value = param(key).orElse(null);
        if (value == null) {
            return label;
        }
        List<String> kept = new ArrayList<>();
        for (String token : label.split(" ")) {
            if (!token.equals(key + "=" + value) && !token.equals(key + "=\"" + value + "\"")) {
                kept.add(token);
            }
        }
        return String.join(" ", kept);
    }

    /**
     * Groups runs: by the {@value #GROUP_LABEL} tag when every run has it, else by the {@value #POINT}
     * tag without its seed when every run has that, else by the values of the parameters that differ
     * between the runs, other than the seed and the run name.
     *
     * @param runs the runs, in order
     * @param nameTag a tag that names a group, if any
     * @return the groups, in order of their first run
     */
    public static List<RunGroup> of(List<RunSummary> runs, Optional<String> nameTag) {
        boolean labelled = !runs.isEmpty() && runs.stream().allMatch(r -> r.tags().containsKey(GROUP_LABEL));
        boolean points = !runs.isEmpty() && runs.stream().allMatch(r -> r.tags().containsKey(POINT));
        List<String> differing = labelled || points ? List.of() : differingParams(runs);
        Map<String, List<RunSummary>> byLabel = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            String label = labelled ? r.tags().get(GROUP_LABEL) : points ? withoutSeed(r.tags().get(POINT)) : label(r, differing);
            byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
        }
        List<RunGroup> groups = new ArrayList<>();
        byLabel.forEach((label, members) -> {
            String name = nameTag.map(t -> members.get(0).tags().get(t)).orElse(null);
            groups.add(new RunGroup(label, name == null ? (label.isEmpty() ? "all runs" : label) : name, List.copyOf(members)));
        });
        return groups;
    }

    /**
     * Returns names that tell the groups apart: a group's name where no other group has it, else its
     * name followed by the parts of its label that the groups sharing the name do not have in common
     * (e.g. "Thresh Gaussian (model.latent-dim=64)").
     *
     * @param groups the groups
     * @return a distinct name per group, in the groups' order
     */
    public static List<String> distinctNames(List<RunGroup> groups) {
        return distinct(groups.stream().map(RunGroup::name).toList(), groups.stream().map(RunGroup::label).toList());
    }

    /**
     * Makes names distinct with their labels: a repeated name gets the tokens of its label that the
     * labels of the other items with that name do not all share.
     *
     * @param names display names
     * @param labels the items' labels (space-separated overrides), in the same order
     * @return the names, each unique
     */
    static List<String> distinct(List<String> names, List<String> labels) {
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<Integer> same = byName.get(names.get(i));
            if (same.size() == 1) {
                out.add(names.get(i));
                continue;
            }
            Set<String> common = new LinkedHashSet<>(List.of(labels.get(same.get(0)).split(" ")));
            same.forEach(j -> common.retainAll(List.of(labels.get(j).split(" "))));
            List<String> own = new ArrayList<>();
            for (String token : labels.get(i).split(" ")) {
                if (!common.contains(token)) {
                    own.add(token);
                }
            }
            out.add(names.get(i) + " (" + (own.isEmpty() ? labels.get(i) : String.join(" ", own)) + ")");
        }
        return out;
    }

    private static String withoutSeed(String point) {
        List<String> kept = new ArrayList<>();
        for (String token : point.split(" ")) {
            if (!token.isEmpty() && SEED_KEYS.stream().noneMatch(k -> token.startsWith(k + "="))) {
                kept.add(token);
            }
        }
        return String.join(" ", kept);
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
