package org.vsclab.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vsclab.spi.RunSummary;

/**
 * The mean and standard deviation over seeds of every final metric, per group (the points that
 * differ only in their seed), over the FINISHED points of a sweep. The standard deviation is the
 * population one (ddof = 0), as the paper's "mean (std)" over three runs and {@code vsc report} use.
 *
 * <p>On the parent run each statistic is a metric {@code <group>/<metric>/mean}, {@code .../std} and
 * {@code .../n}, where {@code <group>} is the group's overrides with every character MLflow does not
 * allow in a key replaced by '_' ({@code model.prior_gaussian}), or {@code all} when only the seed
 * varies; so any MLflow UI can sort and compare them.
 *
 * @param groups the groups with at least one FINISHED point, in grid order
 */
public record Aggregate(List<Group> groups) {

    /** Longest group prefix of a metric key before it is shortened with the group's id. */
    private static final int MAX_PREFIX = 120;

    /** Copies the list. */
    public Aggregate {
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param id the group's identity
     * @param label its overrides without the seed
     * @param runIds the FINISHED runs it averages, in grid order
     * @param metrics each metric's statistic, by key (sorted)
     */
    public record Group(String id, String label, List<String> runIds, Map<String, Stat> metrics) {

        /** Copies the collections. */
        public Group {
            runIds = List.copyOf(runIds);
            metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        }
    }

    /**
     * A statistic of one metric over a group's runs.
     *
     * @param n how many runs have the metric
     * @param mean their mean
     * @param std their population standard deviation (0 for one run)
     */
    public record Stat(int n, double mean, double std) {

        /**
         * Summarises values.
         *
         * @param values at least one value
         * @return the statistic
         */
        public static Stat of(List<Double> values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            double mean = sum / values.size();
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Stat(values.size(), mean, Math.sqrt(squares / values.size()));
        }

        /** Formats as "mean ± std" (the mean alone for one run). */
        public String format() {
            String m = String.format(Locale.ROOT, "%.4g", mean);
            return n == 1 ? m : m + " ± " + String.format(Locale.ROOT, "%.2g", std);
        }
    }

    /**
     * Aggregates the FINISHED points of a sweep.
     *
     * @param points the points' states, in grid order
     * @return the aggregate
     */
    public static Aggregate of(List<PointStatus> points) {
        Map<String, List<PointStatus>> byGroup = new LinkedHashMap<>();
        for (PointStatus p : points) {
            if (p.state() == PointState.FINISHED && p.run().isPresent()) {
                byGroup.computeIfAbsent(p.point().group(), g -> new ArrayList<>()).add(p);
            }
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((id, members) -> {
            Set<String> keys = new TreeSet<>();
            members.forEach(m -> keys.addAll(m.run().get().metrics().keySet()));
            Map<String, Stat> metrics = new TreeMap<>();
            for (String key : keys) {
                List<Double> values = new ArrayList<>();
                for (PointStatus m : members) {
                    Double v = m.run().get().metrics().get(key);
                    if (v != null) {
                        values.add(v);
                    }
                }
                metrics.put(key, Stat.of(values));
            }
            List<String> runIds = members.stream().map(m -> m.run().get()).map(RunSummary::runId).toList();
            groups.add(new Group(id, members.get(0).point().groupLabel(), runIds, metrics));
        });
        return new Aggregate(groups);
    }

    /** Returns the parent run's metrics: {@code <group>/<metric>/mean|std|n} for every group and metric. */
    public Map<String, Double> parentMetrics() {
        Map<String, Double> out = new TreeMap<>();
        Map<Group, String> prefixes = prefixes();
        for (Group g : groups) {
            String prefix = prefixes.get(g);
            g.metrics().forEach((metric, stat) -> {
                out.put(prefix + "/" + metric + "/mean", stat.mean());
                out.put(prefix + "/" + metric + "/std", stat.std());
                out.put(prefix + "/" + metric + "/n", (double) stat.n());
            });
        }
        return out;
    }

    /** Returns each group's metric-key prefix, unique among the groups. */
    Map<Group, String> prefixes() {
        Map<Group, String> prefixes = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Group g : groups) {
            String prefix = metricPrefix(g.label());
            if (prefix.length() > MAX_PREFIX) {
                prefix = prefix.substring(0, MAX_PREFIX - 9) + "-" + g.id().substring(0, 8);
            }
            if (!used.add(prefix)) {
                prefix = prefix + "-" + g.id().substring(0, 8);
                used.add(prefix);
            }
            prefixes.put(g, prefix);
        }
        return prefixes;
    }

    /**
     * Returns a group label as the first segment of a metric key: characters MLflow does not allow
     * (and '/') become '_'; an empty label (only the seed varies) is {@code all}.
     *
     * @param label the group's overrides, space-separated
     * @return the prefix
     */
    static String metricPrefix(String label) {
        if (label.isBlank()) {
            return "all";
        }
        String s = label.strip().replaceAll("[^\\p{L}\\p{N}_.\\- ]", "_");
        return s.equals(".") || s.equals("..") ? "_" + s : s;
    }

    /** Returns the aggregate as CSV: group, label, metric, n, mean, std (population). */
    public String csv() {
        StringBuilder b = new StringBuilder("group,label,metric,n,mean,std\n");
        for (Group g : groups) {
            g.metrics().forEach((metric, stat) -> b.append(g.id()).append(',').append(csvCell(g.label())).append(',')
                    .append(csvCell(metric)).append(',').append(stat.n()).append(',').append(stat.mean()).append(',')
                    .append(stat.std()).append('\n'));
        }
        return b.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
