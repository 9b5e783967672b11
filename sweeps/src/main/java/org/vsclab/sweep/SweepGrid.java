package org.vsclab.sweep;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ExperimentConfig;

/**
 * The grid of a sweep: its axes (config key to the values it takes) and its points, every combination
 * of the axes' values in order (the last axis varies fastest). The axes come from the experiment
 * file's {@code sweep { "model.prior" = [gaussian, laplacian] }}, from {@code --sweep key=a,b} on the
 * command line, and from {@code --seeds N}, which adds the axis {@code seed = [s, s+1, ..., s+N-1]}
 * from the configured seed s.
 */
public final class SweepGrid {

    /** The config namespace of the grid. */
    public static final String SWEEP = "sweep";
    /** The key that names a repeat rather than a different configuration. */
    public static final String SEED = "seed";

    private final Map<String, List<String>> axes;

    private SweepGrid(Map<String, List<String>> axes) {
        this.axes = Collections.unmodifiableMap(axes);
    }

    /**
     * Reads the grid of a configuration.
     *
     * @param config the resolved base configuration (its {@code sweep} block is read)
     * @param extraAxes {@code key=v1,v2,...} from the command line, added after the file's axes
     * @param seeds the number of seeds to repeat every point with ({@code --seeds}), 0 for none
     * @return the grid
     * @throws ConfigError for a malformed axis, an axis without values, or seeds given twice
     */
    public static SweepGrid of(ExperimentConfig config, List<String> extraAxes, int seeds) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        if (config.resolved().hasPath(SWEEP)) {
            collect(config.resolved().getObject(SWEEP), "", axes);
        }
        for (String axis : extraAxes) {
            int eq = axis.indexOf('=');
            if (eq <= 0 || eq == axis.length() - 1) {
                throw new ConfigError(SWEEP, "Sweep axis '" + axis + "' must look like key=value1,value2,... (e.g. --sweep model.prior=gaussian,laplacian).");
            }
            axes.put(axis.substring(0, eq).trim(), List.of(axis.substring(eq + 1).split(",")));
        }
        if (seeds < 0) {
            throw new ConfigError(SEED, "--seeds must be at least 1, not " + seeds + ".");
        }
        if (seeds > 0) {
            if (axes.containsKey(SEED)) {
                throw new ConfigError(SWEEP + "." + SEED, "--seeds " + seeds + " and the sweep's own seed axis " + axes.get(SEED)
                        + " both set the seeds; use one of them.");
            }
            long first = config.settings().longValue(SEED);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                values.add(Long.toString(first + i));
            }
            axes.put(SEED, values);
        }
        axes.forEach((key, values) -> {
            if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
                throw new ConfigError(SWEEP + "." + key, "Sweep key '" + key + "' must list at least one non-empty value, not " + values + ".");
            }
        });
        return new SweepGrid(axes);
    }

    private static void collect(ConfigObject object, String prefix, Map<String, List<String>> axes) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue value = e.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) value, key, axes);
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

    /** Returns the axes: config key to its values, in order. */
    public Map<String, List<String>> axes() {
        return axes;
    }

    /** Tells whether the grid has no axis (a configuration without a sweep). */
    public boolean isEmpty() {
        return axes.isEmpty();
    }

    /** Returns the number of points. */
    public int size() {
        int n = 1;
        for (List<String> values : axes.values()) {
            n = Math.multiplyExact(n, values.size());
        }
        return n;
    }

    /**
     * Returns every combination of the axes' values as override lists ({@code key=value}, in axis
     * order), the last axis varying fastest.
     *
     * @return one override list per point
     */
    public List<List<String>> points() {
        List<List<String>> points = new ArrayList<>();
        points.add(List.of());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> point : points) {
                for (String value : axis.getValue()) {
                    List<String> extended = new ArrayList<>(point);
                    extended.add(axis.getKey() + "=" + value);
                    next.add(List.copyOf(extended));
                }
            }
            points = next;
        }
        return List.copyOf(points);
    }

    /** Describes the grid, e.g. "model.prior × seed = 2 × 3 = 6 points". */
    public String describe() {
        List<String> sizes = axes.values().stream().map(v -> Integer.toString(v.size())).toList();
        return String.join(" × ", axes.keySet()) + " = " + (axes.size() > 1 ? String.join(" × ", sizes) + " = " : "")
                + size() + (size() == 1 ? " point" : " points");
    }

    @Override
    public String toString() {
        return axes.toString();
    }
}
