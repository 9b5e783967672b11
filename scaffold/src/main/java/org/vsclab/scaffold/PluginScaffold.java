package org.vsclab.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * Writes a new plugin project for a prior, built on {@code vsc-plugin-parent}: the family class with the
 * methods to fill (holding a working distribution, so that the untouched project's {@code mvn package}
 * passes), the plugin class, a {@code reference.conf} declaring every key the family reads, the
 * {@code META-INF/services} entry, a conformance test and a README.
 *
 * <pre>{@code
 * PluginScaffold.Spec spec = PluginScaffold.spec("my-prior", PluginScaffold.Family.LOCATION_SCALE, Optional.empty());
 * List<Path> files = PluginScaffold.write(spec, Path.of("my-prior"));
 * }</pre>
 */
public final class PluginScaffold {

    /** What the family class builds on. */
    public enum Family {
        /** A {@code LocationScaleBase} (noise, KL, tail, calibration); thresholds, estimators and warm-up come with it. */
        LOCATION_SCALE("location-scale", "thresholded Laplace family (the same as the built-in thresholded-laplacian)"),
        /** A {@code VariationalFamily} on the SPI alone, for families that are not location-scale. */
        CUSTOM("custom", "spike-and-slab family with a fixed spike probability, written on the SPI alone");

        private final String id;
        private final String generated;

        Family(String id, String generated) {
            this.id = id;
            this.generated = generated;
        }

        /** Returns the name used on the command line, e.g. {@code location-scale}. */
        public String id() {
            return id;
        }

        /**
         * Returns the family with a command-line name.
         *
         * @param id {@code location-scale} or {@code custom}
         * @return the family
         * @throws IllegalArgumentException naming the choices
         */
        public static Family of(String id) {
            for (Family f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--family must be location-scale or custom, but is '" + id + "'");
        }
    }

    /**
     * What to generate.
     *
     * @param name the prior's registered name and the project's artifactId, kebab-case
     * @param family what the family builds on
     * @param packageName the Java package of the sources
     */
    public record Spec(String name, Family family, String packageName) {

        /** Returns the class-name stem: {@code my-prior} gives {@code MyPrior}. */
        public String className() {
            StringBuilder out = new StringBuilder();
            for (String part : name.split("-")) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            return out.toString();
        }

        /** Returns the jar {@code mvn package} builds, relative to the project. */
        public Path jar() {
            return Path.of("target", name + "-" + sdkVersion() + ".jar");
        }
    }

    /** A template and where it goes; {@code {{...}}} in both are replaced. */
    private record Template(String resource, String target, String role) {}

    private static final String TEMPLATES = "/org/vsclab/scaffold/templates/";

    private PluginScaffold() {}

    /**
     * Validates a request.
     *
     * @param name the prior's name: kebab-case (lower-case letters, digits, single dashes), starting with a letter
     * @param family what the family builds on
     * @param packageName the Java package, or empty for {@code com.example.<name without dashes>}
     * @return the spec
     * @throws IllegalArgumentException with a one-line message naming the fix
     */
    public static Spec spec(String name, Family family, Optional<String> packageName) {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("the plugin name '" + name + "' must be kebab-case, e.g. my-prior: lower-case letters"
                    + " and digits in words joined by single dashes, starting with a letter (it is what model.prior names)");
        }
        String pkg = packageName.orElse("com.example." + name.replace("-", ""));
        if (!SourceVersion.isName(pkg) || !pkg.equals(pkg.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--package '" + pkg + "' is not a lower-case Java package name, e.g. org.example.priors");
        }
        return new Spec(name, family, pkg);
    }

    /** Returns the SDK version generated projects build against (this module's own). */
    public static String sdkVersion() {
        try (InputStream in = PluginScaffold.class.getResourceAsStream("sdk.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("sdk.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the scaffold's sdk.properties is missing from its jar", e);
        }
    }

    private static List<Template> templates(Spec spec) {
        String src = "src/main/java/{{packagePath}}/";
        String test = "src/test/java/{{packagePath}}/";
        String family = spec.family().id() + "/";
        List<Template> all = new ArrayList<>(List.of(
                new Template("common/pom.xml.tmpl", "pom.xml", "the parent and the artifactId: nothing to change"),
                new Template("common/README.md.tmpl", "README.md", "this file"),
                new Template("common/gitignore.tmpl", ".gitignore", "")));
        if (spec.family() == Family.LOCATION_SCALE) {
            all.add(new Template(family + "Base.java.tmpl", src + "{{Class}}Base.java",
                    "your distribution: scale, unit noise, KL (closed form or Monte Carlo), tail probability, calibration"));
        } else {
            all.add(new Template(family + "Family.java.tmpl", src + "{{Class}}Family.java",
                    "your family: heads, sampling, KL, zero probability"));
        }
        all.add(new Template(family + "Plugin.java.tmpl", src + "{{Class}}Plugin.java", "the description `vsc plugins` shows; the settings it reads"));
        all.add(new Template("common/package-info.java.tmpl", src + "package-info.java", "the package's one-paragraph description"));
        all.add(new Template("common/services.tmpl", "src/main/resources/META-INF/services/org.vsclab.plugin.VscPlugin",
                "nothing (names the plugin class)"));
        all.add(new Template(family + "reference.conf.tmpl", "src/main/resources/reference.conf",
                "the defaults under priors." + spec.name() + " (every key the family reads)"));
        all.add(new Template(family + "ConformanceTest.java.tmpl", test + "{{Class}}ConformanceTest.java",
                "your distribution's log-density in logRatio, and the heads at which the posterior is the prior"));
        return all;
    }

    /**
     * Writes the project.
     *
     * @param spec what to generate
     * @param project the project folder; it must not exist or be empty
     * @return the files written, relative to {@code project}, in a useful reading order
     * @throws IllegalArgumentException if the folder is not empty
     * @throws UncheckedIOException if writing fails
     */
    public static List<Path> write(Spec spec, Path project) {
        if (Files.exists(project) && (!Files.isDirectory(project) || !isEmpty(project))) {
            throw new IllegalArgumentException(project + " already exists and is not an empty folder; choose another --dir or name");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", spec.name());
        values.put("Class", spec.className());
        values.put("package", spec.packageName());
        values.put("packagePath", spec.packageName().replace('.', '/'));
        values.put("family", spec.family().id());
        values.put("what", spec.family().generated);
        values.put("sdkVersion", sdkVersion());
        List<Template> templates = templates(spec);
        StringBuilder table = new StringBuilder();
        for (Template t : templates) {
            if (!t.role().isEmpty()) {
                table.append("| `").append(fill(t.target(), values)).append("` | ").append(t.role()).append(" |\n");
            }
        }
        values.put("files", table.toString().stripTrailing());
        List<Path> written = new ArrayList<>();
        try {
            for (Template t : templates) {
                Path relative = Path.of(fill(t.target(), values));
                Path file = project.resolve(relative);
                Files.createDirectories(file.getParent());
                Files.writeString(file, fill(read(t.resource()), values), StandardCharsets.UTF_8);
                written.add(relative);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plugin project into " + project + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = PluginScaffold.class.getResourceAsStream(TEMPLATES + resource)) {
            if (in == null) {
                throw new IOException("template " + resource + " is missing from the scaffold's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fill(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        if (out.contains("{{")) {
            throw new IllegalStateException("unfilled placeholder in a template: " + out.substring(out.indexOf("{{"), Math.min(out.length(), out.indexOf("{{") + 30)));
        }
        return out;
    }
}
