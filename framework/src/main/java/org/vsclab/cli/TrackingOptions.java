package org.vsclab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.UnknownComponentException;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Option;

/**
 * The {@code --uri} option of commands that read or write a tracking store, for any command
 * ({@code @Mixin TrackingOptions tracking}), including those contributed by modules.
 */
public final class TrackingOptions {

    @Option(names = "--uri", paramLabel = "URI",
            description = "Tracking store: a folder or file: URI (an mlruns store), or http(s)://host:port (an MLflow server)."
                    + " Default: $MLFLOW_TRACKING_URI, else file:./mlruns.")
    String uri;

    /** Returns the URI given with {@code --uri}, if any. */
    public Optional<String> uri() {
        return Optional.ofNullable(uri);
    }

    /**
     * Opens the store with the trackers on the application's classpath (the framework's and the
     * distribution's {@code lib/}), so that a broken plugin jar cannot break commands that only read
     * runs; a tracker only a plugin provides is looked up among the plugins.
     *
     * @param session the command's session
     * @return the tracker
     */
    public Tracker open(VscSession session) {
        try {
            return open(session.classpathRegistry());
        } catch (UnknownComponentException notOnClasspath) {
            return open(session.registry());
        }
    }

    /**
     * Opens the store with the trackers of a registry.
     *
     * @param registry the components (trackers are components)
     * @return the tracker
     */
    public Tracker open(ComponentRegistry registry) {
        List<String> overrides = new ArrayList<>();
        if (uri != null) {
            overrides.add("tracking.uri=" + quoted(uri));
        }
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), overrides);
        return new ExperimentBuilder(registry).openTracker(config);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
