package org.vsclab.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where {@code vsc} looks for plugin jars, in this order: the directories given with
 * {@code --plugins-dir} ({@code bin/vsc} gives the distribution's own {@code plugins/}), every entry of
 * {@code $VSC_PLUGINS_DIR}, and the user's drop-in folder {@code ~/.vsc/plugins} — the one place to put
 * a plugin you built (the {@code plugins/} folder of the repository holds the built-in plugins' sources,
 * not jars). The home folder is {@code ~/.vsc} unless the system property {@code vsc.home} names
 * another (the test suites point it into {@code target/}).
 */
public final class PluginDirectories {

    /** The environment variable whose entries (separated by the path separator) are plugin directories. */
    public static final String ENVIRONMENT = "VSC_PLUGINS_DIR";
    /** The system property naming VSC Lab's per-user folder (default {@code ~/.vsc}). */
    public static final String HOME_PROPERTY = "vsc.home";

    private PluginDirectories() {}

    /** Returns the user's drop-in folder, {@code ~/.vsc/plugins} (or {@code ${vsc.home}/plugins}). */
    public static Path user() {
        String home = System.getProperty(HOME_PROPERTY);
        return (home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".vsc") : Path.of(home)).resolve("plugins");
    }

    /**
     * Returns the plugin directories of an invocation.
     *
     * @param explicit the {@code --plugins-dir} directories
     * @param environment the value of {@code $VSC_PLUGINS_DIR}, or null
     * @return explicit, then the environment's, then {@link #user()}; without duplicates
     */
    public static List<Path> resolve(List<Path> explicit, String environment) {
        List<Path> dirs = new ArrayList<>();
        explicit.forEach(d -> add(dirs, d));
        if (environment != null) {
            for (String part : environment.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    add(dirs, Path.of(part.trim()));
                }
            }
        }
        add(dirs, user());
        return dirs;
    }

    private static void add(List<Path> dirs, Path dir) {
        Path normal = dir.toAbsolutePath().normalize();
        if (dirs.stream().noneMatch(d -> d.toAbsolutePath().normalize().equals(normal))) {
            dirs.add(dir);
        }
    }

    /**
     * Returns the {@code plugins/} folder of the distribution this code runs from (beside the
     * {@code lib/} folder that holds the framework jar), if it runs from one: its jars are VSC Lab's own.
     */
    public static Optional<Path> distribution() {
        return PluginLoader.locationOf(PluginDirectories.class)
                .filter(Files::isRegularFile)
                .map(Path::getParent)
                .filter(lib -> lib != null && lib.getFileName() != null && lib.getFileName().toString().equals("lib"))
                .map(lib -> lib.resolveSibling("plugins"));
    }

    /**
     * Describes a directory for {@code vsc plugins}: what it is and how many jars it holds.
     *
     * @param dir a plugin directory
     * @param explicit the {@code --plugins-dir} directories
     * @return e.g. {@code "your plugins: drop jars here; 2 jars"}
     */
    public static String describe(Path dir, List<Path> explicit) {
        Path normal = dir.toAbsolutePath().normalize();
        String role;
        if (normal.equals(user().toAbsolutePath().normalize())) {
            role = "your plugins: drop jars here";
        } else if (distribution().map(d -> d.toAbsolutePath().normalize().equals(normal)).orElse(false)) {
            role = "built-in";
        } else if (explicit.contains(dir)) {
            role = "--plugins-dir";
        } else {
            role = "$" + ENVIRONMENT;
        }
        if (!Files.isDirectory(dir)) {
            return role + "; does not exist yet";
        }
        try (Stream<Path> files = Files.list(dir)) {
            long jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).count();
            return role + "; " + jars + (jars == 1 ? " jar" : " jars");
        } catch (IOException e) {
            return role + "; cannot be listed (" + e.getMessage() + ")";
        }
    }
}
