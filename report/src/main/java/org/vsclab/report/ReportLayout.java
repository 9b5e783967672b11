package org.vsclab.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report shows, read from a HOCON file: its tables (columns of final metrics, mean ± std over
 * seeds per group of runs), its figures, and the rules that say whether its numbers are comparable
 * with the paper's. Layouts ship as resources listed in {@code META-INF/vsc-report-layouts} (one
 * resource path per line; any jar can add its own), or come from a file given to {@code vsc report
 * --layout}; see {@code org/vsclab/report/layouts/linear.conf} and {@code dnn.conf} beside it for every key.
 *
 * @param name the layout's name ({@code --layout NAME})
 * @param title the report's heading
 * @param appliesWhen chosen automatically when this run parameter has one of these values
 * @param groupNameTag the run tag whose value names a group in tables and figures (e.g. {@code method})
 * @param tables the tables, in order
 * @param figures the figures, in order
 * @param comparability what the numbers are compared with, and what makes them comparable
 * @param notes free text printed under the tables
 */
public record ReportLayout(String name, String title, Optional<Condition> appliesWhen, Optional<String> groupNameTag,
        List<TableSpec> tables, List<FigureSpec> figures, Optional<Comparability> comparability, List<String> notes) {

    /** Where built-in layouts are listed. */
    public static final String INDEX = "META-INF/vsc-report-layouts";

    /** The kinds of figure a layout can ask for. */
    public static final List<String> FIGURE_TYPES = List.of("bars", "scatter", "curves", "dictionaries", "by-param", "images");

    /**
     * A condition on one run parameter.
     *
     * @param param the parameter
     * @param values the values that satisfy it
     */
    public record Condition(String param, List<String> values) {}

    /** Where a column's values come from. */
    public enum Source {
        /** A final metric of each run, shown as mean ± std over the group's runs. */
        METRIC,
        /** A run parameter the group's runs share (e.g. the latent size N), shown as its value. */
        PARAM
    }

    /**
     * One column of a table with a row per group.
     *
     * @param key the metric key, or the parameter ({@code param = ...} in the file)
     * @param source which of the two it is
     * @param label the column heading
     * @param scale a factor applied before display (100 for a percentage)
     * @param digits significant digits
     */
    public record Column(String key, Source source, String label, double scale, int digits) {

        /** A metric column. */
        public Column(String metric, String label, double scale, int digits) {
            this(metric, Source.METRIC, label, scale, digits);
        }

        /** Returns the metric key (the parameter's name for a parameter column). */
        public String metric() {
            return key;
        }
    }

    /**
     * A table of one metric with a row per group of the other parameters and a column per value of one
     * parameter, as the paper's "method × latent size" tables: rows are the groups whose labels agree
     * once {@code param} is left out, named by the layout's group name.
     *
     * @param metric the metric in the cells (mean ± std over the runs of the point)
     * @param param the parameter whose values are the columns (sorted, numerically where they are numbers)
     * @param heading the column heading, {@code {value}} replaced by the value times {@code valueScale}
     * @param valueScale the factor applied to the parameter's value in headings (100 for a percentage)
     * @param scale the factor applied to the metric before display
     * @param digits significant digits
     * @param minColumns the table appears only with at least this many values of the parameter
     */
    public record Pivot(String metric, String param, String heading, double valueScale, double scale, int digits, int minColumns) {}

    /**
     * One table: a row per group with {@code columns}, or, with a pivot, one metric over a parameter.
     *
     * @param title its heading
     * @param file the base name of its CSV file
     * @param columns its columns (empty for a pivot table)
     * @param requires only groups whose runs have this metric appear (empty: every group; a pivot table
     *     requires its metric)
     * @param pivot the pivot, for a table of one metric across a parameter's values
     */
    public record TableSpec(String title, String file, List<Column> columns, Optional<String> requires, Optional<Pivot> pivot) {

        /** A table with a row per group. */
        public TableSpec(String title, String file, List<Column> columns, Optional<String> requires) {
            this(title, file, columns, requires, Optional.empty());
        }
    }

    /**
     * One figure.
     *
     * @param type {@code bars} (metrics per group, error bars = std), {@code scatter} (x against y, a
     *     point per run), {@code curves} (metrics' histories against the step, per group the mean over its
     *     runs), {@code dictionaries} (each group's learned atoms sorted by norm), {@code by-param} (y
     *     against a numeric parameter, a line per group of the other parameters, error bars = std),
     *     {@code images} (a PNG artifact of each group's first run, e.g. its reconstructions)
     * @param file the base name of its PNG file
     * @param title its title
     * @param metrics bars: the metrics side by side; curves: one line per group and metric;
     *     scatter/by-param: y (first)
     * @param x scatter: the x metric; by-param: the parameter
     * @param logY whether the y axis is logarithmic
     * @param logX whether the x axis is logarithmic (by-param, e.g. the latent size)
     * @param labels curves: the legend's name of each metric (default: the metric key)
     * @param artifact images: the PNG artifact shown for each group (its first run's)
     */
    public record FigureSpec(String type, String file, String title, List<String> metrics, Optional<String> x, boolean logY,
            boolean logX, List<String> labels, Optional<String> artifact) {

        /** A figure with linear x axis and metric keys as legend names. */
        public FigureSpec(String type, String file, String title, List<String> metrics, Optional<String> x, boolean logY) {
            this(type, file, title, metrics, x, logY, false, List.of(), Optional.empty());
        }

        /** Returns the legend name of the i-th metric. */
        public String label(int i) {
            return i < labels.size() ? labels.get(i) : metrics.get(i);
        }
    }

    /**
     * When a report's numbers can be compared with published ones.
     *
     * @param reference what they would be compared with (e.g. "method.md §17.2 (a)")
     * @param requirements the parameters that must match the reference's
     * @param whenMet what the report says when every run meets them
     */
    public record Comparability(String reference, List<Requirement> requirements, String whenMet) {

        /** Rules with the default statement for runs that meet them. */
        public Comparability(String reference, List<Requirement> requirements) {
            this(reference, requirements, DEFAULT_WHEN_MET);
        }
    }

    /** What a report says of runs that meet every requirement, unless its layout says otherwise. */
    public static final String DEFAULT_WHEN_MET = "Yes: these runs use the settings the reference's numbers depend on.";

    /**
     * One parameter the reference's numbers depend on.
     *
     * @param param the run parameter
     * @param pattern a regular expression its value must match
     * @param why what differs when it does not ({@code {value}} is replaced by the runs' value)
     * @param ifMetric only runs that logged this metric are checked (e.g. FID settings matter only
     *     where FID was computed); empty: every run
     */
    public record Requirement(String param, String pattern, String why, Optional<String> ifMetric) {

        /** A requirement on every run. */
        public Requirement(String param, String pattern, String why) {
            this(param, pattern, why, Optional.empty());
        }
    }

    /**
     * Reads a layout.
     *
     * @param config the parsed HOCON
     * @param source where it came from, for messages
     * @return the layout
     * @throws IllegalArgumentException naming the source and the key, if a key is missing or mistyped
     */
    public static ReportLayout of(Config config, String source) {
        try {
            List<TableSpec> tables = new ArrayList<>();
            for (Config t : config.getConfigList("tables")) {
                double scale = t.hasPath("scale") ? t.getDouble("scale") : 1;
                int digits = t.hasPath("digits") ? t.getInt("digits") : 4;
                if (t.hasPath("pivot")) {
                    Pivot pivot = new Pivot(t.getString("metric"), t.getString("pivot"),
                            t.hasPath("heading") ? t.getString("heading") : "{value}", t.hasPath("value-scale") ? t.getDouble("value-scale") : 1,
                            scale, digits, t.hasPath("min-columns") ? t.getInt("min-columns") : 1);
                    tables.add(new TableSpec(t.getString("title"), t.getString("file"), List.of(), Optional.of(pivot.metric()),
                            Optional.of(pivot)));
                    continue;
                }
                List<Column> columns = new ArrayList<>();
                for (Config c : t.getConfigList("columns")) {
                    boolean param = c.hasPath("param");
                    if (param == c.hasPath("metric")) {
                        throw new IllegalArgumentException(source + ": a column of table '" + t.getString("file")
                                + "' needs exactly one of metric and param");
                    }
                    columns.add(new Column(param ? c.getString("param") : c.getString("metric"), param ? Source.PARAM : Source.METRIC,
                            c.getString("label"), c.hasPath("scale") ? c.getDouble("scale") : 1, c.hasPath("digits") ? c.getInt("digits") : 4));
                }
                tables.add(new TableSpec(t.getString("title"), t.getString("file"), columns, optional(t, "requires")));
            }
            List<FigureSpec> figures = new ArrayList<>();
            if (config.hasPath("figures")) {
                for (Config f : config.getConfigList("figures")) {
                    String type = f.getString("type");
                    if (!FIGURE_TYPES.contains(type)) {
                        throw new IllegalArgumentException(source + ": figure type '" + type + "' is not one of "
                                + String.join(", ", FIGURE_TYPES));
                    }
                    if (type.equals("images") && !f.hasPath("artifact")) {
                        throw new IllegalArgumentException(source + ": images figure '" + f.getString("file") + "' needs artifact");
                    }
                    figures.add(new FigureSpec(type, f.getString("file"), f.getString("title"),
                            f.hasPath("metrics") ? f.getStringList("metrics") : List.of(), optional(f, "x"),
                            f.hasPath("log-y") && f.getBoolean("log-y"), f.hasPath("log-x") && f.getBoolean("log-x"),
                            f.hasPath("labels") ? f.getStringList("labels") : List.of(), optional(f, "artifact")));
                }
            }
            Optional<Condition> when = config.hasPath("applies-when")
                    ? Optional.of(new Condition(config.getString("applies-when.param"), config.getStringList("applies-when.values")))
                    : Optional.empty();
            Optional<Comparability> comparability = Optional.empty();
            if (config.hasPath("comparability")) {
                List<Requirement> requirements = new ArrayList<>();
                for (Config r : config.getConfigList("comparability.requirements")) {
                    requirements.add(new Requirement(r.getString("param"), r.getString("matches"), r.getString("why"),
                            optional(r, "if-metric")));
                }
                comparability = Optional.of(new Comparability(config.getString("comparability.reference"), requirements,
                        config.hasPath("comparability.when-met") ? config.getString("comparability.when-met") : DEFAULT_WHEN_MET));
            }
            return new ReportLayout(config.getString("name"), config.getString("title"), when, optional(config, "group-name-tag"),
                    tables, figures, comparability, config.hasPath("notes") ? config.getStringList("notes") : List.of());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> optional(Config c, String key) {
        return c.hasPath(key) ? Optional.of(c.getString(key)) : Optional.empty();
    }

    /**
     * Reads a layout file.
     *
     * @param file a HOCON file
     * @return the layout
     * @throws IllegalArgumentException if it is missing or malformed (the message names it)
     */
    public static ReportLayout file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("report layout " + file + " does not exist");
        }
        try {
            return of(ConfigFactory.parseFile(file.toFile()).resolve(), file.toString());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("report layout " + file + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    /**
     * Returns every built-in layout: those listed in {@value #INDEX} of every jar the loader sees.
     *
     * @param loader the class loader (it should see plugin jars too)
     * @return the layouts, in the order found
     */
    public static List<ReportLayout> builtIn(ClassLoader loader) {
        List<ReportLayout> layouts = new ArrayList<>();
        try {
            for (URL index : Collections.list(loader.getResources(INDEX))) {
                try (InputStream in = index.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String resource = line.strip();
                        if (resource.isEmpty() || resource.startsWith("#")) {
                            continue;
                        }
                        URL url = loader.getResource(resource);
                        if (url == null) {
                            throw new IllegalArgumentException(index + " lists " + resource + ", which does not exist");
                        }
                        // parseResources: a layout may include a shared file beside it (the DNN layouts do).
                        layouts.add(of(ConfigFactory.parseResources(loader, resource).resolve(), resource));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the report layouts: " + e.getMessage(), e);
        }
        return layouts;
    }

    /**
     * Chooses the layout for some runs: the first built-in one whose condition their parameters meet,
     * else the one named {@code generic}.
     *
     * @param layouts the candidates
     * @param params the parameters of one of the runs
     * @return the layout
     */
    public static ReportLayout choose(List<ReportLayout> layouts, Map<String, String> params) {
        for (ReportLayout l : layouts) {
            if (l.appliesWhen().isPresent() && l.appliesWhen().get().values().contains(params.get(l.appliesWhen().get().param()))) {
                return l;
            }
        }
        return named(layouts, "generic");
    }

    /**
     * Returns the layout with a name.
     *
     * @param layouts the candidates
     * @param name the name
     * @return the layout
     * @throws IllegalArgumentException listing the names there are
     */
    public static ReportLayout named(List<ReportLayout> layouts, String name) {
        return layouts.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no report layout '" + name + "'; there are " + layouts.stream().map(ReportLayout::name).toList()
                        + ", or give a layout file"));
    }
}
