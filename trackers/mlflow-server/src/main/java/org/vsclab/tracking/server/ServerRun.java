package org.vsclab.tracking.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

/**
 * A run of a {@link ServerTracker}: every call goes to the run in the local write-ahead store (so it
 * fails only for local reasons: a bad key, a changed param, a full disk), and flushing or ending it
 * wakes the deliverer.
 */
final class ServerRun implements TrackedRun {

    private final TrackedRun local;
    private final Deliverer deliverer;

    ServerRun(TrackedRun local, Deliverer deliverer) {
        this.local = local;
        this.deliverer = deliverer;
    }

    @Override
    public String id() {
        return local.id();
    }

    @Override
    public String experimentId() {
        return local.experimentId();
    }

    /** Returns the local copy's artifact URI (the server's is known once the run is delivered). */
    @Override
    public String artifactUri() {
        return local.artifactUri();
    }

    @Override
    public void logParams(Map<String, String> params) {
        local.logParams(params);
    }

    @Override
    public void logMetrics(Map<String, Double> values, long step) {
        local.logMetrics(values, step);
    }

    @Override
    public void setTags(Map<String, String> tags) {
        local.setTags(tags);
    }

    @Override
    public void logArtifact(String relativePath, byte[] content) {
        local.logArtifact(relativePath, content);
    }

    @Override
    public void logArtifact(String relativePath, Path file) {
        local.logArtifact(relativePath, file);
    }

    @Override
    public Optional<Path> localArtifactRoot() {
        return local.localArtifactRoot();
    }

    @Override
    public String historyMark() {
        return local.historyMark();
    }

    @Override
    public void flush() {
        local.flush();
        deliverer.nudge();
    }

    @Override
    public void end(RunStatus status) {
        try {
            local.end(status);
        } finally {
            deliverer.nudge();
        }
    }

    @Override
    public String toString() {
        return "ServerRun[" + local + "]";
    }
}
