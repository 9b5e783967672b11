package org.vsclab.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar at test time from Java sources, exactly as a plugin author's build would:
 * compiled against the framework only, with a {@code META-INF/services} entry and a
 * {@code reference.conf}.
 */
public final class PluginJars {

    private PluginJars() {}

    /**
     * Compiles the sources and writes the jar.
     *
     * @param jar the jar to write
     * @param sources fully qualified class name to Java source
     * @param pluginClass the {@code VscPlugin} subclass to list in {@code META-INF/services}
     * @param referenceConf the jar's {@code reference.conf}
     * @param compileAgainst classes whose code sources form the compile classpath
     * @throws IOException if compiling or writing fails
     */
    public static void build(Path jar, Map<String, String> sources, String pluginClass, String referenceConf,
            Class<?>... compileAgainst) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-classpath", classpath(compileAgainst)));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("compiling the test plugin failed (status " + status + ")");
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    jos.write(Files.readAllBytes(p));
                    jos.closeEntry();
                }
            }
            jos.putNextEntry(new JarEntry("META-INF/services/org.vsclab.plugin.VscPlugin"));
            jos.write((pluginClass + "\n").getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
            jos.putNextEntry(new JarEntry("reference.conf"));
            jos.write(referenceConf.getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
    }

    private static String classpath(Class<?>... classes) {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : classes) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
