package org.vsclab.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.vsclab.io.AtomGridImage;
import org.vsclab.io.Npy;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.RunSummary;

/** Draws a layout's figures with XChart (PNG), and the learned dictionaries as atom grids. */
final class Figures {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    /** Reads what figures need from the store. */
    interface Store {
        /** A metric's recorded history for a run, in order (empty if the store cannot give histories). */
        List<Point> history(RunSummary run, String metric) throws IOException;

        /** An artifact of a run. */
        Optional<byte[]> artifact(RunSummary run, String path) throws IOException;
    }

    /**
     * One recorded value of a metric.
     *
     * @param step the step it was logged at
     * @param value the value
     */
    record Point(long step, double value) {}

    /** One rendered figure: its file name and PNG bytes (empty when the runs have nothing to draw). */
    record Figure(String file, String title, byte[] png) {}

    private Figures() {}

    static List<Figure> draw(ReportLayout.FigureSpec spec, List<RunGroup> groups, Store store) throws IOException {
        return switch (spec.type()) {
            case "bars" -> one(spec, bars(spec, groups));
            case "scatter" -> one(spec, scatter(spec, groups));
            case "curves" -> one(spec, curves(spec, groups, store));
            case "by-param" -> one(spec, byParam(spec, groups));
            case "dictionaries" -> dictionaries(spec, groups, store);
            case "images" -> images(spec, groups, store);
            default -> throw new IllegalArgumentException("unknown figure type " + spec.type());
        };
    }

    private static List<Figure> one(ReportLayout.FigureSpec spec, Optional<Chart<?, ?>> chart) throws IOException {
        if (chart.isEmpty()) {
            return List.of();
        }
        return List.of(new Figure(spec.file() + ".png", spec.title(), BitmapEncoder.getBitmapBytes(chart.get(), BitmapEncoder.BitmapFormat.PNG)));
    }

    /** Bars: one category per group, one series per metric, error bars = std over runs. */
    private static Optional<Chart<?, ?>> bars(ReportLayout.FigureSpec spec, List<RunGroup> groups) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title()).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        chart.getStyler().setXAxisLabelRotation(20);
        boolean any = false;
        List<String> distinct = RunGroup.distinctNames(groups);
        for (String metric : spec.metrics()) {
            List<String> names = new ArrayList<>();
            List<Double> means = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                RunGroup g = groups.get(i);
                Stat s = g.stat(metric);
                if (s.n() > 0 && Double.isFinite(s.mean()) && (!spec.logY() || s.mean() > 0)) {
                    names.add(distinct.get(i));
                    means.add(s.mean());
                    errors.add(spec.logY() ? Math.min(s.std(), 0.999 * s.mean()) : s.std());
                }
            }
            if (!names.isEmpty()) {
                chart.addSeries(metric, names, means, errors);
                any = true;
            }
        }
        return any ? Optional.of(chart) : Optional.empty();
    }

    /** Scatter: one point per run, x and y two final metrics, a series per group. */
    private static Optional<Chart<?, ?>> scatter(ReportLayout.FigureSpec spec, List<RunGroup> groups) {
        String xMetric = spec.x().orElseThrow(() -> new IllegalArgumentException("scatter figure " + spec.file() + " needs x"));
        String yMetric = spec.metrics().get(0);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title()).xAxisTitle(xMetric).yAxisTitle(yMetric).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        boolean any = false;
        List<String> distinct = RunGroup.distinctNames(groups);
        for (int i = 0; i < groups.size(); i++) {
            RunGroup g = groups.get(i);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (RunSummary r : g.runs()) {
                Double x = r.metrics().get(xMetric);
                Double y = r.metrics().get(yMetric);
                if (x != null && y != null && Double.isFinite(x) && Double.isFinite(y)) {
                    xs.add(x);
                    ys.add(y);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(distinct.get(i), xs, ys);
                any = true;
            }
        }
        return any ? Optional.of(chart) : Optional.empty();
    }

    /** The most points a curve is drawn with: longer histories are averaged over consecutive steps. */
    static final int CURVE_POINTS = 500;

    /**
     * Curves: each metric's history against the step, per group the mean over its runs at each step,
     * one line per group and metric (named by the group, and by the metric's label when there are several).
     */
    private static Optional<Chart<?, ?>> curves(ReportLayout.FigureSpec spec, List<RunGroup> groups, Store store) throws IOException {
        String yTitle = spec.metrics().size() == 1 ? spec.metrics().get(0) : String.join(", ", spec.labels().isEmpty() ? spec.metrics() : spec.labels());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title()).xAxisTitle("step").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        boolean any = false;
        List<String> distinct = RunGroup.distinctNames(groups);
        for (int i = 0; i < groups.size(); i++) {
            RunGroup g = groups.get(i);
            for (int m = 0; m < spec.metrics().size(); m++) {
                String metric = spec.metrics().get(m);
                Map<Long, double[]> byStep = new TreeMap<>();   // step → {sum, count}
                for (RunSummary r : g.runs()) {
                    for (Point p : store.history(r, metric)) {
                        if (Double.isFinite(p.value()) && (!spec.logY() || p.value() > 0)) {
                            double[] acc = byStep.computeIfAbsent(p.step(), k -> new double[2]);
                            acc[0] += p.value();
                            acc[1]++;
                        }
                    }
                }
                if (byStep.isEmpty()) {
                    continue;
                }
                List<double[]> mean = new ArrayList<>();
                byStep.forEach((step, acc) -> mean.add(new double[] {step, acc[0] / acc[1]}));
                List<double[]> drawn = downsample(mean, CURVE_POINTS);
                String name = spec.metrics().size() == 1 ? distinct.get(i) : distinct.get(i) + " — " + spec.label(m);
                chart.addSeries(name, drawn.stream().map(p -> p[0]).toList(), drawn.stream().map(p -> p[1]).toList());
                any = true;
            }
        }
        return any ? Optional.of(chart) : Optional.empty();
    }

    /** Averages (x, y) points in consecutive buckets so that at most {@code max} remain (each at its bucket's mean x). */
    static List<double[]> downsample(List<double[]> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<double[]> out = new ArrayList<>(max);
        for (int b = 0; b < max; b++) {
            int from = (int) ((long) b * points.size() / max);
            int to = (int) ((long) (b + 1) * points.size() / max);
            double x = 0;
            double y = 0;
            for (int i = from; i < to; i++) {
                x += points.get(i)[0];
                y += points.get(i)[1];
            }
            out.add(new double[] {x / (to - from), y / (to - from)});
        }
        return out;
    }

    /**
     * By parameter: a final metric (mean ± std over seeds) against a numeric parameter, one line per
     * group of the other parameters (the groups whose labels agree without it), named by the group.
     * Drawn only when some line has at least two points.
     */
    private static Optional<Chart<?, ?>> byParam(ReportLayout.FigureSpec spec, List<RunGroup> groups) {
        String param = spec.x().orElseThrow(() -> new IllegalArgumentException("by-param figure " + spec.file() + " needs x"));
        String metric = spec.metrics().get(0);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title()).xAxisTitle(param).yAxisTitle(metric).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        chart.getStyler().setXAxisLogarithmic(spec.logX());
        chart.getStyler().setMarkerSize(8);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, TreeMap<Double, Stat>> lines = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            Stat s = g.stat(metric);
            Optional<Double> x = g.param(param).flatMap(Figures::number);
            if (x.isEmpty() || s.n() == 0 || !Double.isFinite(s.mean())) {
                continue;
            }
            String line = g.labelWithout(param);
            names.putIfAbsent(line, g.name());
            lines.computeIfAbsent(line, k -> new TreeMap<>()).put(x.get(), s);
        }
        if (lines.values().stream().noneMatch(points -> points.size() >= 2)) {
            return Optional.empty();
        }
        Set<String> used = new HashSet<>();
        lines.forEach((line, points) -> {
            String name = used.add(names.get(line)) ? names.get(line) : names.get(line) + " (" + line + ")";
            chart.addSeries(name, new ArrayList<>(points.keySet()), points.values().stream().map(Stat::mean).toList(),
                    points.values().stream().map(Stat::std).toList());
        });
        return Optional.of(chart);
    }

    private static Optional<Double> number(String value) {
        try {
            return Optional.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Each group's learned dictionary (its first run's {@code dictionary.npy}), atoms sorted by norm, largest first. */
    private static List<Figure> dictionaries(ReportLayout.FigureSpec spec, List<RunGroup> groups, Store store) throws IOException {
        List<Figure> figures = new ArrayList<>();
        List<String> distinct = RunGroup.distinctNames(groups);
        for (int i = 0; i < groups.size(); i++) {
            RunGroup g = groups.get(i);
            Optional<byte[]> bytes = store.artifact(g.runs().get(0), "dictionary.npy");
            if (bytes.isEmpty()) {
                continue;
            }
            Matrix phi = Npy.read(bytes.get(), "dictionary.npy of run " + g.runs().get(0).runId()).toMatrix("dictionary", "D × K");
            figures.add(new Figure(spec.file() + "-" + slug(distinct.get(i)) + ".png", spec.title() + ": " + distinct.get(i),
                    AtomGridImage.png(sortedByNorm(phi), 3)));
        }
        return figures;
    }

    /** Each group's image artifact (its first run's), as the run wrote it. */
    private static List<Figure> images(ReportLayout.FigureSpec spec, List<RunGroup> groups, Store store) throws IOException {
        String artifact = spec.artifact().orElseThrow();
        List<Figure> figures = new ArrayList<>();
        List<String> distinct = RunGroup.distinctNames(groups);
        for (int i = 0; i < groups.size(); i++) {
            Optional<byte[]> png = store.artifact(groups.get(i).runs().get(0), artifact);
            if (png.isPresent()) {
                figures.add(new Figure(spec.file() + "-" + slug(distinct.get(i)) + ".png", spec.title() + ": " + distinct.get(i), png.get()));
            }
        }
        return figures;
    }

    /** Returns the dictionary with its columns in order of decreasing norm. */
    static Matrix sortedByNorm(Matrix phi) {
        Integer[] order = new Integer[phi.cols()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> phi.columnNorm(c)).reversed());
        double[] out = new double[phi.data().length];
        for (int r = 0; r < phi.rows(); r++) {
            for (int c = 0; c < order.length; c++) {
                out[r * phi.cols() + c] = phi.get(r, order[c]);
            }
        }
        return new Matrix(phi.rows(), phi.cols(), out);
    }

    static String slug(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "group" : s;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
    }
}
