package org.vsclab.tracking.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.config.ConfigError;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;
import org.vsclab.tracking.FileRunCatalog;
import org.vsclab.tracking.FileStoreTracker;

/**
 * A {@link Tracker} for an MLflow tracking server ({@code tracking.uri = http(s)://...}), offline
 * first: every run is recorded in a local write-ahead store in MLflow's FileStore layout ({@code
 * trackers.http.outbox}, default {@code ./mlruns}) and delivered to the server in order by a
 * background {@link Deliverer}, so a run has its (local) id at once and training never waits for,
 * or fails because of, the server. The server run carries the local id in its {@code
 * vsc.origin-run-id} tag.
 *
 * <p>At each start the server is asked once for the experiment: refused credentials or permission
 * stop the run before anything is recorded (one {@code error:} line); an unreachable server only
 * gives a warning. {@link #close()} waits up to {@code trackers.http.close-wait} for this tracker's
 * runs to be delivered; what is left is delivered by the next run or {@code vsc sync}.
 */
public final class ServerTracker implements Tracker {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTracker.class);

    private final MlflowRest rest;
    private final Path outboxRoot;
    private final FileStoreTracker outbox;
    private final Duration closeWait;
    private final Set<String> started = new LinkedHashSet<>();
    private Deliverer deliverer;

    /**
     * Creates the tracker; nothing is sent or started until the first run.
     *
     * @param rest the server's client
     * @param outboxRoot the write-ahead store's root folder
     * @param closeWait how long {@link #close()} waits for deliveries
     */
    public ServerTracker(MlflowRest rest, Path outboxRoot, Duration closeWait) {
        this.rest = rest;
        this.outboxRoot = outboxRoot.toAbsolutePath().normalize();
        this.outbox = FileStoreTracker.open(this.outboxRoot.toString());
        this.closeWait = closeWait;
    }

    @Override
    public String uri() {
        return rest.uri();
    }

    /** Returns the write-ahead store's root. */
    public Path outboxRoot() {
        return outboxRoot;
    }

    @Override
    public synchronized TrackedRun startRun(RunSpec spec) {
        Deliverer d = deliverer();           // before the run is bound, so its first scan does not pick it up
        Optional<String> experimentId = preflight(spec.experiment(), d);
        TrackedRun local = outbox.startRun(spec);
        try {
            DeliveryState state = DeliveryState.of(runDir(local), rest.uri());
            experimentId.ifPresent(state::experimentId);
            state.save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot record run " + local.id() + " for delivery to " + rest.uri()
                    + ": " + e.getMessage(), e);
        }
        if (experimentId.isPresent()) {
            createOnServer(local, d);
        }
        started.add(local.id());
        d.enqueue(local.id());
        return new ServerRun(local, d);
    }

    /**
     * Creates the run on the server now, when it answers, so that a user without permission to
     * write the experiment learns it at once: the run is then removed from the write-ahead store
     * (nothing was logged to it yet) and the start fails.
     */
    private void createOnServer(TrackedRun local, Deliverer d) {
        try {
            d.deliverNow(local.id());
        } catch (ServerException e) {
            if (!e.refused() && e.retryable()) {
                return;                                   // the deliverer tries again
            }
            local.end(org.vsclab.spi.RunStatus.FAILED);
            deleteQuietly(runDir(local));
            throw new ConfigError("tracking.uri", e.getMessage(), e);
        } catch (IOException e) {
            LOG.warn("Run {} is recorded locally; its delivery to {} starts in the background: {}", local.id(), rest.uri(),
                    e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Could not remove {}: {}", dir, e.toString());
        }
    }

    /**
     * Asks the server for the experiment (creating it): the id, or empty if the server cannot be
     * reached now.
     *
     * @throws ConfigError if the server refuses the credentials, the permission, or the name
     */
    private Optional<String> preflight(String experiment, Deliverer d) {
        try {
            return Optional.of(rest.experimentId(experiment));
        } catch (ServerException e) {
            if (e.retryable()) {
                if (d.noteOutage(e.getMessage())) {
                    LOG.warn("{}; recording in {} and delivering when the server answers (or by `vsc sync`)",
                            e.getMessage(), outboxRoot);
                }
                return Optional.empty();
            }
            throw new ConfigError("tracking.uri", e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigError("tracking.uri", "MLflow server " + rest.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Reads runs from the server (artifacts of runs recorded here from the write-ahead store). */
    @Override
    public RunCatalog catalog() {
        return new ServerCatalog(rest, Files.isDirectory(outboxRoot) ? Optional.of(outboxRoot) : Optional.empty());
    }

    /**
     * Reopens a run: by its local id, or by its server id. The local history is cut back to the
     * mark; for each metric whose history was cut, the points logged again are delivered only for
     * steps the server does not have yet (resumed values are bit-identical to the first ones).
     */
    @Override
    public synchronized TrackedRun reopenRun(String runId, Optional<String> historyMark) {
        try {
            String localId = localIdOf(runId);
            FileRunCatalog catalog = new FileRunCatalog(outboxRoot);
            Path dir = catalog.runDir(catalog.find(localId).orElseThrow()).orElseThrow();
            TrackedRun local = outbox.reopenRun(localId, historyMark);
            DeliveryState state = DeliveryState.of(dir, rest.uri());
            for (Map.Entry<String, Long> e : state.metricOffsets().entrySet()) {
                Path file = dir.resolve("metrics").resolve(e.getKey());
                long length = Files.exists(file) ? Files.size(file) : 0;
                if (length < e.getValue()) {
                    state.metricOffset(e.getKey(), length);
                    state.resumed(e.getKey(), true);
                }
            }
            state.complete(false);
            state.save();
            started.add(localId);
            Deliverer d = deliverer();
            d.enqueue(localId);
            return new ServerRun(local, d);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reopen run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The local id of a run given by its local or its server id. */
    private String localIdOf(String runId) throws IOException {
        FileRunCatalog catalog = new FileRunCatalog(outboxRoot);
        if (catalog.find(runId).filter(r -> r.runId().equals(runId)).isPresent()) {
            return runId;
        }
        for (RunSummary run : catalog.runs(Optional.empty())) {
            Optional<Path> dir = catalog.runDir(run);
            if (dir.isPresent() && DeliveryState.isBound(dir.get(), rest.uri())
                    && DeliveryState.of(dir.get(), rest.uri()).remoteRunId().filter(runId::equals).isPresent()) {
                return run.runId();
            }
        }
        throw new IllegalArgumentException("run " + runId + " is not in the write-ahead store " + outboxRoot
                + " (a run can be continued only on the machine that recorded it)");
    }

    /** Marks lost runs of the write-ahead store KILLED and queues them, so the server learns it too. */
    @Override
    public List<RunSummary> reapLost(Optional<String> experiment) throws IOException {
        List<RunSummary> reaped = outbox.reapLost(experiment);
        if (!reaped.isEmpty()) {
            Deliverer d = deliverer();
            FileRunCatalog catalog = new FileRunCatalog(outboxRoot);
            for (RunSummary run : reaped) {
                Optional<Path> dir = catalog.runDir(run);
                if (dir.isPresent() && DeliveryState.isBound(dir.get(), rest.uri())) {
                    d.enqueue(run.runId());
                    started.add(run.runId());
                }
            }
        }
        return reaped;
    }

    /**
     * Binds local runs to this server and delivers them ({@code vsc push}, {@code vsc sync}).
     *
     * @param localRunIds the runs' ids in the write-ahead store
     * @param max the longest wait
     * @return the runs not delivered within the wait
     * @throws IOException if the store cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Set<String> deliver(List<String> localRunIds, Duration max) throws IOException, InterruptedException {
        FileRunCatalog catalog = new FileRunCatalog(outboxRoot);
        Deliverer d = deliverer();
        for (String id : localRunIds) {
            RunSummary run = catalog.find(id).orElseThrow(() -> new IllegalArgumentException(
                    "no run '" + id + "' in " + outboxRoot));
            Path dir = catalog.runDir(run).orElseThrow();
            DeliveryState state = DeliveryState.of(dir, rest.uri());
            state.error(Optional.empty());
            state.save();
            d.enqueue(run.runId());
        }
        return d.await(localRunIds, max);
    }

    /** Tells whether the server refused the credentials or permission during delivery. */
    public synchronized boolean refused() {
        return deliverer != null && deliverer.refused();
    }

    /** Waits up to the close wait for this tracker's runs, then stops delivering. */
    @Override
    public synchronized void close() {
        if (deliverer == null) {
            return;
        }
        try {
            Set<String> left = deliverer.await(new ArrayList<>(started), closeWait);
            if (!left.isEmpty()) {
                LOG.warn("{} run(s) not yet delivered to {} ({}); they are kept in {} and the next run or"
                        + " `vsc sync` delivers them", left.size(), rest.uri(), String.join(", ", left), outboxRoot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deliverer.release();
            deliverer = null;
        }
    }

    private Deliverer deliverer() {
        if (deliverer == null) {
            deliverer = Deliverer.acquire(outboxRoot, rest);
        }
        return deliverer;
    }

    private Path runDir(TrackedRun run) {
        return outboxRoot.resolve(run.experimentId()).resolve(run.id());
    }

    /** Lists the write-ahead store's runs bound to this server, with whether each is completely delivered. */
    public Map<String, Boolean> boundRuns() throws IOException {
        Map<String, Boolean> bound = new TreeMap<>();
        FileRunCatalog catalog = new FileRunCatalog(outboxRoot);
        for (RunSummary run : catalog.runs(Optional.empty())) {
            Optional<Path> dir = catalog.runDir(run);
            if (dir.isPresent() && DeliveryState.isBound(dir.get(), rest.uri())) {
                bound.put(run.runId(), DeliveryState.of(dir.get(), rest.uri()).complete());
            }
        }
        return bound;
    }

    @Override
    public String toString() {
        return "ServerTracker[" + rest.uri() + ", outbox " + outboxRoot + "]";
    }
}
