package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renews the heartbeat of every open run of this JVM, on one daemon thread. */
final class Heartbeats {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vsc-run-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private Heartbeats() {}

    /**
     * Starts renewing a run's heartbeat every {@link RunOwner#HEARTBEAT}.
     *
     * @param runDir the run's folder
     * @return a handle that stops it
     */
    static AutoCloseable start(Path runDir) {
        long period = RunOwner.HEARTBEAT.toMillis();
        ScheduledFuture<?> task = TIMER.scheduleAtFixedRate(() -> {
            try {
                RunOwner.beat(runDir);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Heartbeat of {} failed: {}", runDir, e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }
}
