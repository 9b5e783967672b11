package org.vsclab.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginException;
import org.vsclab.plugin.UnknownComponentException;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.tracking.FileStoreTracker;

/**
 * Everything a sweep will run, decided and validated before anything is recorded: the grid, each
 * point's identity and frozen configuration, the store, the launcher settings. It is written once,
 * as the parent run's {@code sweep/plan.json}; every launcher, every task and every later {@code vsc
 * sweep} command reads the sweep from there.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param sweepId the sweep's identity: a hash of its point ids, so the same grid is the same sweep
 * @param experiment the experiment every point runs in
 * @param trackingUri the store every point is recorded in (absolute)
 * @param file the experiment file, or null
 * @param overrides the command-line overrides every point shares
 * @param axes the grid's axes
 * @param launchers the resolved {@code launchers} block (HOCON), the launcher defaults of later commands
 * @param points the points, in grid order
 */
public record SweepPlan(int schemaVersion, String sweepId, String experiment, String trackingUri, String file,
        List<String> overrides, Map<String, List<String>> axes, String launchers, List<SweepPoint> points) {

    /** The version of the {@code plan.json} format. */
    public static final int SCHEMA_VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Copies the collections. */
    public SweepPlan {
        overrides = List.copyOf(overrides);
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        points = List.copyOf(points);
    }

    /**
     * Loads every point of a grid and builds its experiment (data, model, optimiser), so that a bad
     * value anywhere in the grid fails here, before any run is recorded.
     *
     * @param registry the loaded plugins
     * @param file the experiment file, if any
     * @param overrides the command-line overrides (before each point's own)
     * @param grid the grid
     * @param progress receives one line per validated point
     * @return the plan
     * @throws ConfigError naming the point and what is wrong with it
     */
    public static SweepPlan build(ComponentRegistry registry, Optional<Path> file, List<String> overrides, SweepGrid grid,
            Consumer<String> progress) {
        if (grid.isEmpty()) {
            throw new ConfigError(SweepGrid.SWEEP, file.map(f -> f + " has").orElse("The configuration has")
                    + " no sweep { } block and no --sweep or --seeds was given; a sweep needs at least one axis"
                    + " (e.g. --sweep model.prior=gaussian,laplacian or --seeds 3).");
        }
        ConfigLoader loader = new ConfigLoader(registry.classLoader());
        ExperimentConfig base = loader.load(file, overrides);
        String experiment = base.settings().string("experiment");
        String trackingUri = absoluteUri(base.settings().string("tracking.uri"));
        String canonicalBase = PointIds.canonical(base.resolved());
        List<List<String>> combinations = grid.points();
        List<SweepPoint> points = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
            List<String> pointOverrides = combinations.get(i);
            String where = "Sweep point " + (i + 1) + "/" + combinations.size() + " (" + String.join(" ", pointOverrides) + ")";
            List<String> all = new ArrayList<>(overrides);
            all.addAll(pointOverrides);
            ExperimentConfig config;
            try {
                config = loader.load(file, all);
                sameAsBase(config, "experiment", experiment, where);
                sameAsBase(config, "tracking.uri", base.settings().string("tracking.uri"), where);
                validate(registry, config);
            } catch (ConfigError e) {
                throw new ConfigError(e.key(), where + ": " + e.getMessage(), e);
            } catch (UnknownComponentException | PluginException | IllegalArgumentException | IllegalStateException
                    | UncheckedIOException e) {
                throw new ConfigError(SweepGrid.SWEEP, where + ": " + e.getMessage(), e);
            }
            Config frozen = config.resolved().withoutPath(SweepGrid.SWEEP)
                    .withValue("tracking.uri", ConfigValueFactory.fromAnyRef(trackingUri));
            String text = new ExperimentConfig(frozen, file, all).render();
            List<String> withoutSeed = pointOverrides.stream().filter(o -> !PointIds.key(o).equals(SweepGrid.SEED)).toList();
            points.add(new SweepPoint(i, pointOverrides,
                    PointIds.pointId(config.resolved()),
                    PointIds.groupId(canonicalBase, config.resolved(), pointOverrides),
                    String.join(" ", withoutSeed), config.settings().longValue(SweepGrid.SEED), text));
            progress.accept(where + ": valid");
        }
        String sweepId = PointIds.hash(String.join("\n", points.stream().map(SweepPoint::id).toList()));
        String launchers = LauncherSettings.render(base.resolved());
        return new SweepPlan(SCHEMA_VERSION, sweepId, experiment, trackingUri, file.map(Path::toString).orElse(null),
                overrides, grid.axes(), launchers, points);
    }

    private static void sameAsBase(ExperimentConfig config, String key, String expected, String where) {
        String actual = config.settings().string(key);
        if (!actual.equals(expected)) {
            throw new ConfigError(key, where + " sets " + key + " = '" + actual + "', but every point of a sweep runs in"
                    + " the sweep's " + key + " ('" + expected + "'); run separate sweeps instead.");
        }
    }

    /** Builds the experiment as a run would, then releases it. */
    private static void validate(ComponentRegistry registry, ExperimentConfig config) {
        Experiment experiment = new ExperimentBuilder(registry).build(config);
        try {
            experiment.tracker().close();
        } finally {
            experiment.manager().close();
        }
    }

    /** Makes a file store URI absolute, so tasks started elsewhere write the same store. */
    static String absoluteUri(String uri) {
        if (!ExperimentBuilder.trackerScheme(uri).equals("file")) {
            return uri;
        }
        return "file:" + FileStoreTracker.toPath(uri).toAbsolutePath().normalize();
    }

    /** Returns the point with this index. */
    public SweepPoint point(int index) {
        if (index < 0 || index >= points.size()) {
            throw new ConfigError("", "Sweep " + sweepId + " has points 0 to " + (points.size() - 1) + ", not " + index + ".");
        }
        return points.get(index);
    }

    /** Returns this plan as JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Reads a plan.
     *
     * @param json the text of a {@code plan.json}
     * @param where where it was read from, for messages
     * @return the plan
     * @throws ConfigError if it is not a plan this version reads
     */
    public static SweepPlan fromJson(String json, String where) {
        SweepPlan plan;
        try {
            plan = GSON.fromJson(json, SweepPlan.class);
        } catch (JsonParseException e) {
            throw new ConfigError("", where + " is not a sweep plan: " + e.getMessage(), e);
        }
        if (plan == null || plan.points() == null || plan.schemaVersion() != SCHEMA_VERSION) {
            throw new ConfigError("", where + " is not a version-" + SCHEMA_VERSION + " sweep plan"
                    + (plan == null ? "" : " (schemaVersion " + plan.schemaVersion() + ")") + ".");
        }
        return plan;
    }
}
