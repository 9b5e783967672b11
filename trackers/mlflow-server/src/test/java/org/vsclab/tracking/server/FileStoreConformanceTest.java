package org.vsclab.tracking.server;

import java.nio.file.Path;
import org.vsclab.spi.Tracker;
import org.vsclab.testkit.TrackerConformance;
import org.vsclab.tracking.FileStoreTracker;

/** The tracker contract against the local MLflow FileStore, the same suite the server passes. */
class FileStoreConformanceTest extends TrackerConformance {

    @Override
    protected Tracker openTracker(Path scratch) {
        return FileStoreTracker.open(scratch.resolve("mlruns").toString());
    }
}
