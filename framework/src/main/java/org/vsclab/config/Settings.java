package org.vsclab.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed, validated access to one subtree of the resolved configuration. Every failure is a {@link
 * ConfigError} naming the full key, the file and line it came from, the expected type and the value
 * found.
 *
 * <p>Every key that code reads must be declared in some {@code reference.conf} (optional keys as
 * {@code null}): reading an undeclared key is a {@linkplain ConfigError#isMissingKey() missing-key error}. {@link MissingKeys} turns the first such error of a component into a list of every
 * key its factory reads that its plugin does not declare.
 */
public final class Settings {

    private final Config root;
    private final String prefix;
    /** Where a probe collects undeclared keys instead of failing on the first; null normally. */
    private final List<MissingKeys.Key> probe;

    /**
     * Wraps a subtree.
     *
     * @param root the whole resolved configuration
     * @param prefix the path of this subtree ("" for the root)
     */
    public Settings(Config root, String prefix) {
        this(root, prefix, null);
    }

    private Settings(Config root, String prefix, List<MissingKeys.Key> probe) {
        this.root = root;
        this.prefix = prefix;
        this.probe = probe;
    }

    /** Wraps the whole configuration. */
    public static Settings of(Config root) {
        return new Settings(root, "");
    }

    /**
     * Returns these settings in probe mode: an undeclared key is added to {@code missing} and read as a
     * placeholder that passes the accessor's own check, so that the caller can go on to find the next.
     */
    Settings probing(List<MissingKeys.Key> missing) {
        return new Settings(root, prefix, missing);
    }

    /** Returns the path of this subtree ("" for the root). */
    public String prefix() {
        return prefix;
    }

    /** Returns the whole configuration this subtree belongs to. */
    public Config root() {
        return root;
    }

    /**
     * Returns the full path of a key of this subtree.
     *
     * @param key a path relative to this subtree
     * @return the full path
     */
    public String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /**
     * Returns a nested subtree.
     *
     * @param key a path relative to this subtree
     * @return the subtree's settings (which may be empty)
     */
    public Settings at(String key) {
        String full = path(key);
        if (root.hasPathOrNull(full) && root.getValue(full).valueType() != ConfigValueType.OBJECT) {
            throw wrongType(full, "an object { ... }");
        }
        return new Settings(root, full, probe);
    }

    /**
     * Returns whether the key is set to a non-null value. Optional keys should still be declared (as
     * {@code null}), or no experiment can set them: a probe ({@link MissingKeys}) lists an undeclared one
     * with the other missing keys.
     */
    public boolean has(String key) {
        String full = path(key);
        if (probe != null && !root.hasPathOrNull(full)) {
            probe.add(new MissingKeys.Key(full, "a value or null"));
        }
        return root.hasPath(full);
    }

    /** Returns a string value. */
    public String string(String key) {
        return get(key, "a string", root::getString, "");
    }

    /** Returns a string, or empty if the key is null. */
    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /**
     * Returns a scalar (string, number or boolean) as written, for values with a syntax of their own
     * such as an iteration count or {@code "25%"}.
     *
     * @param key the key
     * @param expected what the value must look like, for messages
     * @return the value as text
     */
    public String text(String key, String expected) {
        String full = path(key);
        String v = get(key, expected, p -> {
            ConfigValue value = root.getValue(p);
            if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
                throw wrongType(full, expected);
            }
            return value.unwrapped().toString().trim();
        }, "0");
        return v;
    }

    /** Returns a boolean value. */
    public boolean bool(String key) {
        return get(key, "a boolean (true or false)", root::getBoolean, true);
    }

    /**
     * Returns an integer value. A fractional number ({@code 99.9}) is an error, not truncated; a
     * whole number written with a fraction ({@code 100.0}) is accepted.
     */
    public int integer(String key) {
        return (int) whole(key, Integer.MIN_VALUE, Integer.MAX_VALUE, 1);
    }

    /** Returns a long integer value; a fractional number is an error, as for {@link #integer}. */
    public long longValue(String key) {
        return whole(key, Long.MIN_VALUE, Long.MAX_VALUE, 1);
    }

    /** Returns a number. */
    public double number(String key) {
        return number(key, "a number", 1.0);
    }

    private double number(String key, String expected, double placeholder) {
        return get(key, expected, root::getDouble, placeholder);
    }

    /** Returns a list of integers; a fractional element is an error naming its position. */
    public List<Integer> integers(String key) {
        List<Number> numbers = get(key, "a list of integers", root::getNumberList, List.of(1));
        List<Integer> out = new ArrayList<>(numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            Number n = numbers.get(i);
            if (!isWhole(n, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                throw invalid(key, "a list of integers", "a list whose element " + (i + 1) + " is " + n);
            }
            out.add(n.intValue());
        }
        return out;
    }

    /** Returns a list of strings. */
    public List<String> strings(String key) {
        return get(key, "a list of strings", root::getStringList, List.of());
    }

    /** Returns a path (relative paths are taken from the working directory). */
    public Path file(String key) {
        return Path.of(string(key));
    }

    /**
     * Returns an integer that must be at least {@code min}.
     *
     * @param key the key
     * @param min the smallest allowed value
     * @return the value
     */
    public int integerAtLeast(String key, int min) {
        int v = (int) whole(key, Integer.MIN_VALUE, Integer.MAX_VALUE, Math.max(min, 1));
        if (v < min) {
            throw invalid(key, "an integer ≥ " + min, String.valueOf(v));
        }
        return v;
    }

    /** Returns a number that must be strictly positive and finite. */
    public double positive(String key) {
        double v = number(key, "a positive number", 1.0);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw invalid(key, "a positive number", String.valueOf(v));
        }
        return v;
    }

    /** Returns a number that must be non-negative and finite. */
    public double nonNegative(String key) {
        double v = number(key, "a number ≥ 0", 1.0);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw invalid(key, "a number ≥ 0", String.valueOf(v));
        }
        return v;
    }

    /** Returns a number strictly between 0 and 1 (e.g. a target sparsity). */
    public double openUnit(String key) {
        double v = number(key, "a number strictly between 0 and 1", 0.5);
        if (!(v > 0 && v < 1)) {
            throw invalid(key, "a number strictly between 0 and 1", String.valueOf(v));
        }
        return v;
    }

    /**
     * Returns a string that must be one of the given choices.
     *
     * @param key the key
     * @param choices the allowed values
     * @return the value
     */
    public String oneOf(String key, String... choices) {
        String expected = "one of " + String.join(", ", choices);
        String v = get(key, expected, root::getString, choices.length > 0 ? choices[0] : "");
        if (!Arrays.asList(choices).contains(v)) {
            throw invalid(key, expected, '"' + v + '"');
        }
        return v;
    }

    /**
     * Returns an enum constant named in kebab-case (e.g. {@code straight-pure} for STRAIGHT_PURE).
     *
     * @param key the key
     * @param type the enum type
     * @param <E> the enum type
     * @return the constant
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        String expected = "one of " + String.join(", ", names);
        String v = get(key, expected, root::getString, names.isEmpty() ? "" : names.get(0));
        int index = names.indexOf(v);
        if (index < 0) {
            throw invalid(key, expected, '"' + v + '"');
        }
        return type.getEnumConstants()[index];
    }

    /**
     * Builds an error for a value that has the right type but is not allowed.
     *
     * @param key the key, relative to this subtree
     * @param expected what is allowed, e.g. "a positive number"
     * @param found the offending value as shown to the user
     * @return the error, for the caller to throw
     */
    public ConfigError invalid(String key, String expected, String found) {
        String full = path(key);
        return new ConfigError(full, "Config key '" + full + "'" + where(full) + " must be " + expected + ", but is " + found + ".");
    }

    /**
     * Describes where a key was set, e.g. " (set in conf/experiments/quickstart.conf, line 12)".
     *
     * @param fullPath a full config path
     * @return the description, or "" if the key is absent
     */
    public String where(String fullPath) {
        ConfigValue value = valueAt(fullPath);
        return value == null ? "" : describe(value.origin());
    }

    /** Returns the value at a path, including null values (which {@code Config.getValue} refuses). */
    private ConfigValue valueAt(String fullPath) {
        List<String> keys = com.typesafe.config.ConfigUtil.splitPath(fullPath);
        ConfigValue current = root.root();
        for (String key : keys) {
            if (!(current instanceof com.typesafe.config.ConfigObject object) || !object.containsKey(key)) {
                return null;
            }
            current = object.get(key);
        }
        return current;
    }

    /**
     * Describes a config origin for messages.
     *
     * @param origin the origin
     * @return e.g. " (set in conf/x.conf, line 3)"
     */
    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename();
        if (file == null && origin.url() != null) {
            String url = origin.url().toString();
            int bang = url.lastIndexOf('!');
            String jar = url;
            if (bang > 0) {
                jar = url.substring(0, bang);
                jar = jar.substring(jar.lastIndexOf('/') + 1);
                file = "reference.conf in " + jar;
            } else {
                file = url;
            }
        }
        if (file == null) {
            return " (set by " + origin.description() + ")";
        }
        String shown = relativize(file);
        return origin.lineNumber() > 0
                ? " (set in " + shown + ", line " + origin.lineNumber() + ")"
                : " (set in " + shown + ")";
    }

    private static String relativize(String file) {
        try {
            Path p = Path.of(file).toAbsolutePath().normalize();
            Path cwd = Path.of("").toAbsolutePath();
            return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        } catch (RuntimeException e) {
            return file;
        }
    }

    /** Reads a whole number within [min, max]: Typesafe Config's own getInt truncates 99.9 to 99. */
    private long whole(String key, long min, long max, long placeholder) {
        Number n = get(key, "an integer", root::getNumber, placeholder);
        if (!isWhole(n, Long.MIN_VALUE, Long.MAX_VALUE)) {
            throw invalid(key, "an integer", n.toString());
        }
        if (!isWhole(n, min, max)) {
            throw invalid(key, "an integer between " + min + " and " + max, n.toString());
        }
        return n instanceof Double || n instanceof Float ? (long) n.doubleValue() : n.longValue();
    }

    /** Returns whether a number is an integer within [min, max] (doubles must have no fractional part). */
    private static boolean isWhole(Number n, long min, long max) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return d == Math.rint(d) && d >= min && d <= max;
        }
        long v = n.longValue();
        return v >= min && v <= max;
    }

    private interface Getter<T> {
        T get(String path);
    }

    /**
     * Reads a key: a missing-key error if no reference.conf declares it (in probe mode, records it and
     * returns the placeholder), an error naming the origin if it is null or of the wrong type.
     */
    private <T> T get(String key, String expected, Getter<T> getter, T placeholder) {
        String full = path(key);
        if (!root.hasPathOrNull(full)) {
            return missing(full, expected, placeholder);
        }
        if (root.getIsNull(full)) {
            throw new ConfigError(full, "Config key '" + full + "'" + where(full) + " is null: expected " + expected + ".");
        }
        try {
            return getter.get(full);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw wrongType(full, expected);
        }
    }

    private <T> T missing(String full, String expected, T placeholder) {
        if (probe != null) {
            probe.add(new MissingKeys.Key(full, expected));
            return placeholder;
        }
        throw ConfigError.missingKey(full, expected);
    }

    private ConfigError wrongType(String full, String expected) {
        ConfigValue value = valueAt(full);
        String found = value.valueType().name().toLowerCase(Locale.ROOT) + " " + value.render(ConfigRenderOptions.concise());
        return new ConfigError(full, "Config key '" + full + "'" + where(full) + " must be " + expected + ", but is the " + found + ".");
    }
}
