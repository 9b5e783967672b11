package org.vsclab.run;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;
import org.vsclab.train.StopSignal;
import org.vsclab.train.TrainingListener;

/**
 * Runs one experiment once per point of a grid, e.g. every prior on the same problem, as child runs of
 * a parent run ({@code mlflow.parentRunId}), so they can be compared side by side. The grid comes from
 * the experiment file's {@code sweep { "model.prior" = [gaussian, laplacian] }} and from command-line
 * axes; each child records its own fully resolved configuration, without the sweep.
 */
public final class SweepRunner {

    /** The config namespace of the grid. */
    public static final String SWEEP = "sweep";

    private final ComponentRegistry registry;
    private final List<TrainingListener> listeners;
    private final StopSignal stop;

    /**
     * Creates a sweep runner.
     *
     * @param registry the loaded plugins
     * @param listeners listeners for every child run
     * @param stop checked by every child; a stop ends the sweep
     */
    public SweepRunner(ComponentRegistry registry, List<TrainingListener> listeners, StopSignal stop) {
        this.registry = registry;
        this.listeners = List.copyOf(listeners);
        this.stop = stop;
    }

    /**
     * One child of a sweep.
     *
     * @param point the overrides of this grid point
     * @param result how it finished, or null if it failed
     * @param failure why it failed, or null
     */
    public record Child(List<String> point, RunResult result, RunEndedException failure) {}

    /**
     * Reads the grid of a configuration: {@code sweep} entries plus extra axes.
     *
     * @param config the resolved configuration
     * @param extraAxes {@code key=v1,v2,...} from the command line
     * @return key to values, in order
     */
    public static Map<String, List<String>> axes(ExperimentConfig config, List<String> extraAxes) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        if (config.resolved().hasPath(SWEEP)) {
            collect(config.resolved().getObject(SWEEP), "", axes);
        }
        for (String axis : extraAxes) {
            int eq = axis.indexOf('=');
            if (eq <= 0 || eq == axis.length() - 1) {
                throw new ConfigError(SWEEP, "Sweep axis '" + axis + "' must look like key=value1,value2,...");
            }
            axes.put(axis.substring(0, eq).trim(), List.of(axis.substring(eq + 1).split(",")));
        }
        return axes;
    }

    private static void collect(com.typesafe.config.ConfigObject object, String prefix, Map<String, List<String>> axes) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue value = e.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                collect((com.typesafe.config.ConfigObject) value, key, axes);
            } else if (value.valueType() == ConfigValueType.LIST) {
                List<String> values = new ArrayList<>();
                for (Object v : (List<?>) value.unwrapped()) {
                    values.add(String.valueOf(v));
                }
                axes.put(key, values);
            } else {
                throw new ConfigError(SWEEP + "." + key, "Sweep key '" + key + "' must list the values to run, e.g. [a, b].");
            }
        }
    }

    /**
     * Returns every combination of the axes' values, as override lists.
     *
     * @param axes key to values
     * @return one override list per grid point
     */
    public static List<List<String>> points(Map<String, List<String>> axes) {
        List<List<String>> points = new ArrayList<>();
        points.add(List.of());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> point : points) {
                for (String value : axis.getValue()) {
                    List<String> extended = new ArrayList<>(point);
                    extended.add(axis.getKey() + "=" + value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    /**
     * Runs every grid point as a child of a parent run.
     *
     * @param file the experiment file
     * @param overrides command-line overrides (applied to every point, before the point's own)
     * @param axes the grid
     * @return the children, in grid order
     */
    public List<Child> run(Optional<Path> file, List<String> overrides, Map<String, List<String>> axes) {
        ConfigLoader loader = new ConfigLoader(registry.classLoader());
        List<List<String>> points = points(axes);
        List<ExperimentConfig> configs = new ArrayList<>();
        for (List<String> point : points) {
            List<String> all = new ArrayList<>(overrides);
            all.addAll(point);
            ExperimentConfig c = loader.load(file, all);
            configs.add(new ExperimentConfig(c.resolved().withoutPath(SWEEP), c.file(), c.overrides()));
        }
        ExperimentConfig first = configs.get(0);
        String experiment = first.settings().string("experiment");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.put("mlflow.source.name", "vsc run " + file.map(Path::toString).orElse("(defaults)") + " (sweep)");
        tags.put("vsc.sweep", axes.toString());
        TrackedRun parent = new ExperimentBuilder(registry).openTracker(first)
                .startRun(new RunSpec(experiment, experiment + "-sweep", tags));
        Map<String, String> params = new LinkedHashMap<>();
        axes.forEach((k, v) -> params.put("sweep." + k, String.join(",", v)));
        parent.logParams(params);
        List<Child> children = new ArrayList<>();
        RunStatus status = RunStatus.FINISHED;
        try {
            ExperimentRunner runner = new ExperimentRunner(registry, listeners, stop);
            for (int i = 0; i < configs.size(); i++) {
                Map<String, String> childTags = Map.of("mlflow.parentRunId", parent.id(), "vsc.sweep.point", String.join(" ", points.get(i)));
                try {
                    children.add(new Child(points.get(i), runner.run(configs.get(i), childTags), null));
                } catch (RunEndedException e) {
                    children.add(new Child(points.get(i), null, e));
                    if (e.status() == RunStatus.KILLED) {
                        status = RunStatus.KILLED;
                        break;
                    }
                    status = RunStatus.FAILED;
                }
            }
        } finally {
            parent.end(status);
        }
        return children;
    }
}
