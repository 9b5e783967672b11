package org.vsclab.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The fully resolved configuration of one run, with where it came from.
 *
 * @param resolved every key, resolved (references merged, then the experiment file, then overrides)
 * @param file the experiment file, if one was given
 * @param overrides the command-line {@code key=value} overrides, in order
 */
public record ExperimentConfig(Config resolved, Optional<Path> file, List<String> overrides) {

    /** Copies the overrides. */
    public ExperimentConfig {
        overrides = List.copyOf(overrides);
    }

    /** Returns typed access to the whole configuration. */
    public Settings settings() {
        return Settings.of(resolved);
    }

    /**
     * Flattens the configuration into dotted keys and string values (lists as JSON, null as
     * {@code null}), for recording as run parameters.
     *
     * @param include which full keys to keep
     * @return key to value, sorted by key
     */
    public SortedMap<String, String> flatten(Predicate<String> include) {
        SortedMap<String, String> out = new TreeMap<>();
        ConfigTrees.forEachLeaf(resolved.root(), "", (path, value) -> {
            if (include.test(path)) {
                out.put(path, render(value));
            }
        });
        return out;
    }

    /** Renders the whole configuration as HOCON that {@code vsc run} accepts again. */
    public String render() {
        return "# Fully resolved VSC Lab configuration"
                + file.map(f -> " from " + f).orElse("")
                + (overrides.isEmpty() ? "" : " with overrides " + overrides)
                + "\n"
                + resolved.root().render(ConfigRenderOptions.defaults()
                        .setOriginComments(false)
                        .setComments(false)
                        .setJson(false)
                        .setFormatted(true));
    }

    private static String render(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (value.valueType() == ConfigValueType.STRING) {
            return (String) value.unwrapped();
        }
        return value.render(ConfigRenderOptions.concise());
    }
}
