package org.vsclab.components;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.Tracker;
import org.vsclab.tracking.FileStoreTracker;

/**
 * Builds the local MLflow FileStore tracker for {@code tracking.uri} values with the {@code file:}
 * scheme or plain paths.
 */
public final class FileTrackerFactory implements ComponentFactory<Tracker> {

    @Override
    public String description() {
        return "local MLflow FileStore (mlruns/ directory), readable by `mlflow ui`; tracking.uri = file:./mlruns or a path";
    }

    @Override
    public Tracker create(Settings settings, BuildContext context) {
        Settings root = context.root();
        String uri = root.string("tracking.uri");
        Path dir;
        try {
            dir = FileStoreTracker.toPath(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("tracking.uri", "Config key 'tracking.uri'" + root.where("tracking.uri") + ": " + e.getMessage()
                    + ". Use file:<directory> or a path for a local store.");
        }
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new ConfigError("tracking.uri", "Config key 'tracking.uri'" + root.where("tracking.uri") + ": cannot record runs in "
                    + dir.toAbsolutePath() + " (" + (existing == null ? "no such location" : existing + " is not a writable directory") + ").");
        }
        return FileStoreTracker.open(uri);
    }
}
