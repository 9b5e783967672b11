package org.vsclab.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a run's configuration from three layers, later ones winning: every module's and plugin's
 * {@code reference.conf} (the defaults, merged unresolved so that a plugin default may refer to a
 * shared key such as {@code ${model.target-sparsity}}), the experiment file, and command-line
 * {@code key=value} overrides. Substitutions are resolved once, at the end.
 *
 * <p>Every key the experiment file or an override sets must exist in some {@code reference.conf}: a
 * misspelt key is an error naming the key, the file and line, and the closest known key. Keys under
 * {@code tags} and {@code sweep} are free-form. Keys under {@code prior} are settings of whichever prior
 * {@code model.prior} chooses ({@link PriorBlock}).
 */
public final class ConfigLoader {

    /** Namespaces whose keys are free-form (not checked against the references). */
    private static final Set<String> OPEN_NAMESPACES = Set.of("tags", "sweep");

    private final ClassLoader classLoader;

    /**
     * Creates a loader.
     *
     * @param classLoader the loader whose {@code reference.conf} resources hold the defaults (it
     *     should see every plugin jar)
     */
    public ConfigLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Loads and resolves a configuration.
     *
     * @param experimentFile the experiment file, or empty for the defaults alone
     * @param overrides {@code key=value} strings; values are HOCON ({@code [64, 64]}, {@code true},
     *     numbers) or, if they do not parse as HOCON, taken literally as strings
     * @return the resolved configuration
     * @throws ConfigError naming the key, the file and what was expected
     */
    public ExperimentConfig load(Optional<Path> experimentFile, List<String> overrides) {
        Config reference = references();
        Config file = experimentFile.map(ConfigLoader::parseFile).orElse(ConfigFactory.empty());
        List<Config> parsed = overrides.stream().map(ConfigLoader::parseOverride).toList();
        PriorBlock priorBlock = checkKeysKnown(layered(file, parsed), reference);
        // Each layer's `prior { ... }` becomes its priors.<chosen> { ... }, so an override of either
        // spelling still beats the file, and within a layer the explicit priors.<chosen> key wins.
        file = priorBlock.apply(file);
        parsed = parsed.stream().map(priorBlock::apply).toList();
        Config user = layered(file, parsed);
        Config merged = user.withFallback(reference);
        Config resolved;
        try {
            resolved = merged.resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException.UnresolvedSubstitution e) {
            throw new ConfigError("", "Config substitution cannot be resolved: " + e.getMessage(), e);
        }
        return new ExperimentConfig(resolved, experimentFile, overrides);
    }

    /** Returns the experiment file with the overrides on top, later ones winning. */
    private static Config layered(Config file, List<Config> overrides) {
        Config user = file;
        for (Config override : overrides) {
            user = override.withFallback(user);
        }
        return user;
    }

    /** Returns all {@code reference.conf} files the class loader sees, merged, unresolved. */
    public Config references() {
        return ConfigFactory.parseResourcesAnySyntax(classLoader, "reference.conf",
                ConfigParseOptions.defaults().setClassLoader(classLoader));
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigError("", "Experiment file " + file + " does not exist."
                    + suggestFiles(file));
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError("", "Experiment file " + file + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    private static String suggestFiles(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return " Experiment files live in conf/experiments/.";
        }
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList();
            return names.isEmpty() ? "" : " Files in " + dir + ": " + String.join(", ", names) + ".";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Parses one {@code key=value} override.
     *
     * @param override the override text
     * @return a one-key config whose origin names the override
     */
    static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("", "Override '" + override + "' must look like key=value, e.g. train.epochs=5.");
        }
        String key = override.substring(0, eq).trim();
        String raw = override.substring(eq + 1).trim();
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription("command-line override '" + override + "'");
        try {
            ConfigFactory.parseString(key + " = null", options);
        } catch (ConfigException e) {
            throw new ConfigError(key, "Override '" + override + "' has an invalid key '" + key + "'.", e);
        }
        try {
            return ConfigFactory.parseString(key + " = " + raw, options);
        } catch (ConfigException e) {
            // Not HOCON (e.g. a URI with ':'): take the value literally.
            ConfigValue literal = ConfigValueFactory.fromAnyRef(raw, "command-line override '" + override + "'");
            return ConfigFactory.empty().withValue(key, literal);
        }
    }

    /** Fails on keys no reference declares; returns the rules of the {@code prior} block found on the way. */
    private static PriorBlock checkKeysKnown(Config user, Config reference) {
        Set<String> known = new TreeSet<>();
        ConfigTrees.forEachLeaf(reference.root(), "", (path, value) -> known.add(path));
        PriorBlock priorBlock = PriorBlock.of(user, reference, known);
        known.addAll(priorBlock.chosenKeys());
        List<String> badKeys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ConfigTrees.forEachLeaf(user.root(), "", (path, value) -> {
            if (known.contains(path) || isOpen(path) || underKnownLeaf(path, known) || priorBlock.accepts(path)) {
                return;
            }
            badKeys.add(path);
            List<String> children = known.stream().filter(k -> k.startsWith(path + ".")).limit(4).toList();
            if (!children.isEmpty()) {
                problems.add("Config key '" + path + "'" + Settings.describe(value.origin()) + " must be an object { ... } holding "
                        + String.join(", ", children) + (children.size() == 4 ? ", ..." : "") + "; did you mean one of those?");
                return;
            }
            String origin = Settings.describe(value.origin());
            String hint = Suggestions.closest(path, known).map(k -> " Did you mean '" + k + "'?").orElse("");
            String namespaceHint = path.contains(".") && !known.stream().anyMatch(k -> k.startsWith(firstTwo(path) + "."))
                    ? " No installed plugin defines '" + firstTwo(path) + "' (see `vsc plugins`)."
                    : "";
            String priorHint = path.startsWith(PriorBlock.KEY + ".") ? priorBlock.unknownKeyHint(path) : "";
            problems.add("Unknown config key '" + path + "'" + origin + "." + hint + (priorHint.isEmpty() ? namespaceHint : priorHint));
        });
        if (!problems.isEmpty()) {
            throw new ConfigError(badKeys.get(0), String.join("\n", problems));
        }
        return priorBlock;
    }

    private static String firstTwo(String path) {
        String[] parts = path.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
    }

    private static boolean isOpen(String path) {
        for (String ns : OPEN_NAMESPACES) {
            if (path.equals(ns) || path.startsWith(ns + ".")) {
                return true;
            }
        }
        return false;
    }

    /** A path below a reference leaf that is an empty object or a list element is accepted. */
    private static boolean underKnownLeaf(String path, Set<String> known) {
        int dot = path.lastIndexOf('.');
        while (dot > 0) {
            String parent = path.substring(0, dot);
            if (known.contains(parent)) {
                return true;
            }
            dot = parent.lastIndexOf('.');
        }
        return false;
    }
}
