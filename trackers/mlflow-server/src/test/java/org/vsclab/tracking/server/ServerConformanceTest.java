package org.vsclab.tracking.server;

import java.nio.file.Path;
import java.time.Duration;
import org.vsclab.spi.Tracker;
import org.vsclab.testkit.TrackerConformance;

/** The tracker contract against the real MLflow 3.18 server (write-ahead store in the test's folder). */
class ServerConformanceTest extends TrackerConformance {

    @Override
    protected Tracker openTracker(Path scratch) {
        MlflowRest rest = new MlflowRest(ServerTrackerTest.serverUri(), Credentials.none(), Duration.ofSeconds(20));
        return new ServerTracker(rest, scratch.resolve("mlruns"), Duration.ofSeconds(60));
    }
}
