package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes {@code meta.yaml} files as MLflow does ({@code yaml.safe_dump(...,
 * default_flow_style=False, allow_unicode=True)}): sorted keys, block style, {@code null} bare, no
 * line folding, and PyYAML's YAML 1.1 quoting decisions (a string that would read back as another
 * type is single-quoted: {@code '0'}, {@code ''}, {@code 'yes'}).
 */
final class MlflowYaml {

    private MlflowYaml() {}

    /** Dumps a map with sorted keys. */
    static String dump(Map<String, ?> map) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options,
                new PyYamlResolver(true));
        return yaml.dump(new TreeMap<>(map));
    }

    /**
     * Parses a YAML mapping.
     *
     * @throws IOException if the text is not a YAML mapping
     */
    static Map<String, Object> parse(String text, Path source) throws IOException {
        LoaderOptions loaderOptions = new LoaderOptions();
        DumperOptions dumperOptions = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(loaderOptions), new Representer(dumperOptions), dumperOptions,
                loaderOptions, new PyYamlResolver(false));
        Object loaded;
        try {
            loaded = yaml.load(text);
        } catch (YAMLException e) {
            String detail = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            throw new IOException("malformed YAML in " + source + ": " + detail, e);
        }
        if (!(loaded instanceof Map<?, ?> raw)) {
            throw new IOException("expected a YAML mapping in " + source);
        }
        Map<String, Object> result = new TreeMap<>();
        raw.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    /**
     * Reads a YAML mapping file; empty if the file does not exist.
     *
     * @throws IOException if it cannot be read or is not a mapping
     */
    static Optional<Map<String, Object>> read(Path file) throws IOException {
        Optional<String> text = StoreFiles.readNonEmptyString(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(text.get(), file));
    }

    /** Writes a YAML mapping file atomically. */
    static void write(Path file, Map<String, ?> map) throws IOException {
        StoreFiles.writeAtomically(file, dump(map));
    }

    /**
     * PyYAML's implicit resolvers (YAML 1.1). SnakeYAML's own differ for floats ({@code 1e5} is a
     * float to SnakeYAML, a string to PyYAML) and a few integer forms, which would change quoting.
     */
    static final class PyYamlResolver extends Resolver {

        private static final Pattern PY_FLOAT = Pattern.compile(
                "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                        + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                        + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                        + "|[-+]?\\.(?:inf|Inf|INF)"
                        + "|\\.(?:nan|NaN|NAN))$");

        private static final Pattern PY_INT = Pattern.compile(
                "^(?:[-+]?0b[0-1_]+"
                        + "|[-+]?0[0-7_]+"
                        + "|[-+]?(?:0|[1-9][0-9_]*)"
                        + "|[-+]?0x[0-9a-fA-F_]+"
                        + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$");

        private static final Pattern PY_NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

        private static final Tag VALUE_TAG = new Tag(Tag.PREFIX + "value");

        /**
         * @param forDumping also resolve PyYAML's {@code =} "value" scalar, so that a lone {@code =}
         *     is quoted on output as PyYAML quotes it (it is not resolved when reading, so such
         *     files still load)
         */
        PyYamlResolver(boolean forDumping) {
            super();
            yamlImplicitResolvers.clear();
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.FLOAT, PY_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.INT, PY_INT, "-+0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, PY_NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789");
            if (forDumping) {
                addImplicitResolver(VALUE_TAG, VALUE, "=");
            }
        }
    }
}
