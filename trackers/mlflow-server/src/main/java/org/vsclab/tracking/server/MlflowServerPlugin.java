package org.vsclab.tracking.server;

import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.VscPlugin;

/** Registers the MLflow server tracker for the {@code http} and {@code https} schemes of {@code tracking.uri}. */
public final class MlflowServerPlugin extends VscPlugin {

    @Override
    protected void configure() {
        register(ComponentKind.TRACKER, "http", ServerTrackerFactory.class);
        register(ComponentKind.TRACKER, "https", ServerTrackerFactory.class);
    }
}
