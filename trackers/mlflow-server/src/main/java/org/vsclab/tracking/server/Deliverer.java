package org.vsclab.tracking.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileRunCatalog;

/**
 * The background thread that delivers the runs of one write-ahead store to one server, in the order
 * they started (parents before their children), retrying with exponential back-off (0.25 s doubling
 * to 30 s) while the server is unreachable, overloaded (429) or failing (5xx). One per store and
 * server in a JVM, shared by every tracker on them.
 *
 * <p>Failures never reach training: an outage is logged once when it begins and once when it ends;
 * refused credentials (401/403) are logged once and stop deliveries until the next run is queued; a
 * run the server rejects (a 4xx) is logged once, recorded in its state and skipped.
 */
final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

    private static final Map<String, Deliverer> SHARED = new HashMap<>();

    static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** How often an open run's files are looked at for new lines; flushes (each epoch end) wake it at once. */
    static final Duration POLL = Duration.ofSeconds(5);

    private final String key;
    private final FileRunCatalog outbox;
    private final MlflowRest rest;
    private final RunDelivery delivery;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Set<String> verified = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = new HashSet<>();
    private final Thread thread;
    private int users;
    private boolean stopping;
    private boolean refused;
    private volatile String outage;
    private long nudges;

    private Deliverer(String key, Path outboxRoot, MlflowRest rest) {
        this.key = key;
        this.outbox = new FileRunCatalog(outboxRoot);
        this.rest = rest;
        this.delivery = new RunDelivery(rest, outbox, this::remoteIdOf);
        this.thread = new Thread(this::loop, "vsc-deliver-" + rest.uri());
        this.thread.setDaemon(true);
    }

    /**
     * Returns the deliverer of a store and server, started, with every run of the store that is
     * bound to the server and not yet complete queued.
     */
    static Deliverer acquire(Path outboxRoot, MlflowRest rest) {
        String key = outboxRoot.toAbsolutePath().normalize() + "\n" + rest.uri() + "\n" + rest.credentials();
        synchronized (SHARED) {
            Deliverer d = SHARED.get(key);
            if (d == null) {
                d = new Deliverer(key, outboxRoot, rest);
                d.queueUnfinished();
                SHARED.put(key, d);
                d.thread.start();
            }
            synchronized (d) {
                d.users++;
            }
            return d;
        }
    }

    /** Queues every bound, incomplete run of the store, oldest first. */
    private void queueUnfinished() {
        try {
            List<RunSummary> runs = new ArrayList<>(outbox.runs(Optional.empty()));
            runs.sort(Comparator.comparingLong(RunSummary::startTime));
            for (RunSummary run : runs) {
                Optional<Path> dir = outbox.runDir(run);
                if (dir.isPresent() && DeliveryState.isBound(dir.get(), rest.uri())) {
                    DeliveryState state = DeliveryState.of(dir.get(), rest.uri());
                    if (!state.complete() && state.error().isEmpty()) {
                        pending.add(run.runId());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for runs still to deliver: {}", outbox, e.getMessage());
        }
    }

    /** Queues a run (again) and wakes the thread. */
    synchronized void enqueue(String localRunId) {
        pending.add(localRunId);
        refused = false;
        nudge();
    }

    /**
     * Delivers a run once on the caller's thread (a run's creation at its start), leaving the rest
     * to the background.
     *
     * @throws ServerException if the server failed or refused
     */
    void deliverNow(String localRunId) throws IOException {
        delivery.deliver(localRunId, false);
        verified.add(localRunId);
    }

    /** Wakes the thread to deliver what is new now. */
    synchronized void nudge() {
        nudges++;
        notifyAll();
    }

    /**
     * Waits until the given runs are completely delivered (or refused), at most {@code max}.
     *
     * @return the runs still not delivered
     */
    synchronized Set<String> await(Collection<String> runIds, Duration max) throws InterruptedException {
        nudge();
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Set<String> left = new LinkedHashSet<>(runIds);
            left.retainAll(pending);
            left.removeAll(rejected);
            long wait = deadline - System.nanoTime();
            if (left.isEmpty() || wait <= 0 || refused || !thread.isAlive()) {
                return left;
            }
            wait(Math.max(1, wait / 1_000_000));
        }
    }

    /**
     * Records that the server is unreachable (seen by a tracker), so that the thread does not report
     * the same outage again.
     *
     * @return true if this is news (no outage was known)
     */
    synchronized boolean noteOutage(String message) {
        if (outage != null) {
            return false;
        }
        outage = message;
        return true;
    }

    /** Tells whether the server refused the credentials or permission (deliveries are paused). */
    synchronized boolean refused() {
        return refused;
    }

    /** Drops one user; the last stops the thread. */
    void release() {
        synchronized (SHARED) {
            synchronized (this) {
                users--;
                if (users > 0) {
                    return;
                }
                stopping = true;
                notifyAll();
            }
            SHARED.remove(key);
        }
    }

    private void loop() {
        Duration backoff = MIN_BACKOFF;
        while (true) {
            List<String> todo;
            long seen;
            synchronized (this) {
                if (stopping) {
                    return;
                }
                todo = new ArrayList<>(pending);
                todo.removeAll(rejected);
                seen = nudges;
            }
            boolean failed = false;
            if (!refused) {
                for (String runId : todo) {
                    try {
                        RunDelivery.Progress progress = delivery.deliver(runId, !verified.contains(runId));
                        verified.add(runId);
                        recovered();
                        if (progress == RunDelivery.Progress.COMPLETE) {
                            synchronized (this) {
                                pending.remove(runId);
                                notifyAll();
                            }
                        }
                    } catch (ServerException e) {
                        if (e.uncertain()) {
                            verified.remove(runId);
                        }
                        if (handle(runId, e)) {
                            failed = true;
                            break;
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Cannot deliver run {} to {}: {}", runId, rest.uri(), e.toString());
                        reject(runId, e.toString());
                    }
                }
            }
            synchronized (this) {
                if (stopping) {
                    return;
                }
                notifyAll();
                long waitMillis = failed ? backoff.toMillis() : pending.isEmpty() || refused ? 0 : POLL.toMillis();
                if (nudges == seen) {
                    try {
                        if (waitMillis == 0) {
                            wait();
                        } else {
                            wait(waitMillis);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            backoff = failed ? min(backoff.multipliedBy(2), MAX_BACKOFF) : MIN_BACKOFF;
        }
    }

    /** Handles a failed delivery; true if the server is unavailable (back off), false to go on with other runs. */
    private boolean handle(String runId, ServerException e) {
        if (e.refused()) {
            synchronized (this) {
                if (!refused) {
                    LOG.error("{}; runs stay in {} until then (vsc sync delivers them)", e.getMessage(), outbox);
                }
                refused = true;
                notifyAll();
            }
            return true;
        }
        if (e.retryable()) {
            if (noteOutage(e.getMessage())) {
                LOG.warn("{}; recording locally and retrying in the background", e.getMessage());
            }
            return true;
        }
        LOG.error("{}; run {} is not delivered (its records stay in {})", e.getMessage(), runId, outbox);
        reject(runId, e.getMessage());
        return false;
    }

    private void reject(String runId, String reason) {
        try {
            Optional<RunSummary> run = outbox.find(runId);
            if (run.isPresent() && outbox.runDir(run.get()).isPresent()) {
                DeliveryState state = DeliveryState.of(outbox.runDir(run.get()).get(), rest.uri());
                state.error(Optional.of(reason));
                state.save();
            }
        } catch (IOException e) {
            // the state stays as it was; the run is skipped for this session anyway
        }
        synchronized (this) {
            rejected.add(runId);
            notifyAll();
        }
    }

    private void recovered() {
        if (outage != null) {
            LOG.warn("MLflow server {} answers again; delivering what was recorded meanwhile", rest.uri());
            outage = null;
        }
    }

    /** The server id of a local run (a parent), delivering its creation first if needed. */
    private String remoteIdOf(String localRunId) throws IOException {
        Optional<RunSummary> run = outbox.find(localRunId);
        if (run.isEmpty()) {
            throw new IOException("the parent run " + localRunId + " is not in " + outbox);
        }
        Path dir = outbox.runDir(run.get()).orElseThrow();
        DeliveryState state = DeliveryState.of(dir, rest.uri());
        if (state.remoteRunId().isEmpty()) {
            delivery.deliver(localRunId, true);
            state = DeliveryState.of(dir, rest.uri());
        }
        return state.remoteRunId().orElseThrow(() -> new ServerException("the parent run " + localRunId
                + " is not yet on " + rest.uri() + " (another process is delivering it)", 0, "", false, null));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
