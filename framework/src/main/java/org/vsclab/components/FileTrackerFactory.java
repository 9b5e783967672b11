package org.vsclab.components;

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
        return FileStoreTracker.open(context.root().string("tracking.uri"));
    }
}
