package org.vsclab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Tracker;
import picocli.CommandLine.Option;

/** The {@code --uri} option of commands that read a tracking store. */
final class TrackingOptions {

    @Option(names = "--uri", paramLabel = "URI",
            description = "Tracking store to read. Default: $MLFLOW_TRACKING_URI, else file:./mlruns.")
    String uri;

    /**
     * Opens the store.
     *
     * @param registry the loaded plugins (trackers are plugins)
     * @return the tracker
     */
    Tracker open(ComponentRegistry registry) {
        List<String> overrides = new ArrayList<>();
        if (uri != null) {
            overrides.add("tracking.uri=" + uri);
        }
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), overrides);
        return new ExperimentBuilder(registry).openTracker(config);
    }
}
