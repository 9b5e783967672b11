package org.vsclab.plugin;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins with {@link ServiceLoader} on the classpath and in the jars of plugin directories,
 * configures them with Guice, and builds the {@link ComponentRegistry}.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {}

    /**
     * Loads every plugin.
     *
     * @param pluginDirectories directories whose {@code *.jar} files are plugins (missing ones are
     *     skipped); sub-directories are not searched
     * @return the registry
     * @throws PluginException naming the jar or plugin at fault
     */
    public static ComponentRegistry load(List<Path> pluginDirectories) {
        List<Path> jars = new ArrayList<>();
        for (Path dir : pluginDirectories) {
            jars.addAll(jarsIn(dir));
        }
        ClassLoader loader = classLoaderFor(jars);
        List<Module> modules = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<VscPlugin> provider : ServiceLoader.load(VscPlugin.class, loader)
                    .stream()
                    .toList()) {
                String source = sourceOf(provider.type(), pluginDirectories);
                VscPlugin plugin;
                try {
                    plugin = provider.get();
                } catch (ServiceConfigurationError e) {
                    throw cannotInstantiate(provider.type(), source, e);
                }
                plugin.setOrigin(source, locationOf(provider.type()));
                modules.add(plugin);
                LOG.debug("plugin {} from {}", provider.type().getName(), source);
            }
        } catch (ServiceConfigurationError e) {
            throw new PluginException("A plugin could not be loaded (plugin jars: " + jars + "): " + e.getMessage(), e);
        }
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.DEVELOPMENT, modules);
        } catch (CreationException e) {
            throw new PluginException("Plugins could not be configured: " + e.getMessage(), e);
        }
        Set<Contribution> contributions = injector.getInstance(Key.get(new TypeLiteral<Set<Contribution>>() {}));
        return new ComponentRegistry(contributions, injector, loader);
    }

    /** Names the plugin and why it could not be made: its constructor's own exception, or a missing constructor. */
    private static PluginException cannotInstantiate(Class<?> type, String source, ServiceConfigurationError e) {
        Throwable cause = e.getCause();
        if (cause instanceof NoSuchMethodException || cause == null) {
            return new PluginException("Plugin " + type.getName() + " from " + source
                    + " cannot be instantiated: it needs a public no-argument constructor (" + e.getMessage() + ").", e);
        }
        if (cause instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null) {
            cause = ite.getCause();
        }
        return new PluginException("Plugin " + type.getName() + " from " + source + " failed in its constructor: "
                + cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + ". Fix the plugin, or remove its jar.", cause);
    }

    /** Returns the jar or classes folder a class was loaded from, when the JVM tells. */
    public static Optional<Path> locationOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.debug("plugin directory {} does not exist; skipped", dir);
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
            for (Path jar : jars) {
                try (java.util.jar.JarFile ignored = new java.util.jar.JarFile(jar.toFile())) {
                    LOG.debug("plugin jar {}", jar);
                } catch (IOException e) {
                    throw new PluginException("Plugin jar " + jar + " cannot be read (" + e.getMessage()
                            + "); remove it or replace it with a complete build.", e);
                }
            }
            return jars;
        } catch (IOException e) {
            throw new PluginException("Cannot list plugin directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ClassLoader classLoaderFor(List<Path> jars) {
        ClassLoader parent = PluginLoader.class.getClassLoader();
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginException("Bad plugin jar path " + jars.get(i), e);
            }
        }
        return new URLClassLoader("vsc-plugins", urls, parent);
    }

    /** How {@link Contribution#source()} begins for a plugin found in a plugin directory (not on the classpath). */
    public static final String PLUGIN_JAR_SOURCE = "plugin jar ";

    /** Describes where a class was loaded from: a plugin jar (relative to the working directory) or the classpath. */
    static String sourceOf(Class<?> type, List<Path> pluginDirectories) {
        Optional<Path> location = locationOf(type);
        if (location.isEmpty()) {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? "classpath" : cs.getLocation().toString();
        }
        for (Path dir : pluginDirectories) {
            if (location.get().startsWith(dir.toAbsolutePath().normalize())) {
                return PLUGIN_JAR_SOURCE + shorten(location.get());
            }
        }
        return "classpath " + location.get().getFileName();
    }

    private static String shorten(Path location) {
        Path cwd = Path.of("").toAbsolutePath();
        return location.startsWith(cwd) ? cwd.relativize(location).toString() : location.toString();
    }
}
