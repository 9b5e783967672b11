package org.vsclab.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

/**
 * A run of a {@link FileStoreTracker}: params and tags are one file each, metrics are appended to
 * one buffered file per key, artifacts are written atomically under the run's artifact root.
 * Thread-safe (all methods synchronise on the run).
 *
 * <p>The store never lies about the run: while it is open its owner (host, pid) and a heartbeat are
 * kept in {@code .vsc/} (see {@link RunOwner}), so a run whose process died shows as lost; metric
 * lines are forced to the disk at every {@link #flush()} and at the end; and {@link #end} writes the
 * final status even when the metrics cannot be written (the status is then FAILED, with the reason
 * in the {@code vsc.end.reason} tag). For the last, a small reserve file is kept while the run is
 * open and given back to a full disk to make room for the status.
 */
final class FileStoreRun implements TrackedRun {

    /** Tag that holds the run name; setting it also rewrites {@code run_name} in meta.yaml. */
    static final String RUN_NAME_TAG = "mlflow.runName";

    /** Artifact folder for the full text of shortened values. */
    static final String LONG_VALUES_DIR = "long-values";

    /** A metric buffer larger than this is written out without waiting for the next flush. */
    private static final int MAX_PENDING_CHARS = 1 << 16;

    /** Metrics are flushed automatically when more than this has passed since the last flush. */
    private static final long AUTO_FLUSH_MILLIS = 1000;

    /** Tag that says why a run did not finish. */
    static final String END_REASON_TAG = "vsc.end.reason";

    /** Space kept in {@code .vsc/reserve} while the run is open, for its final status on a full disk. */
    static final int RESERVE_BYTES = 64 * 1024;

    private static final String RESERVE_FILE = "reserve";

    private final Path runDir;
    private final String runId;
    private final String experimentId;
    private final String artifactUri;
    private final Path artifactsDir;
    private final Clock clock;
    private final Map<String, MetricFileWriter> metricWriters = new LinkedHashMap<>();
    private long lastFlushMillis;
    private boolean ended;
    private AutoCloseable heartbeat = () -> {};

    FileStoreRun(Path runDir, String runId, String experimentId, String artifactUri, Path artifactsDir, Clock clock) {
        this.runDir = runDir;
        this.runId = runId;
        this.experimentId = experimentId;
        this.artifactUri = artifactUri;
        this.artifactsDir = artifactsDir;
        this.clock = clock;
        this.lastFlushMillis = clock.millis();
    }

    /**
     * Marks the run as owned by this process (owner file, heartbeat, reserve) until it ends.
     *
     * @throws IOException if the files cannot be written (the disk is already full)
     */
    void claim() throws IOException {
        RunOwner.current().writeTo(runDir);
        Path reserve = runDir.resolve(RunOwner.DIR).resolve(RESERVE_FILE);
        if (!Files.exists(reserve)) {
            StoreFiles.writeAtomically(reserve, new byte[RESERVE_BYTES], reserve.getParent());
        }
        heartbeat = Heartbeats.start(runDir);
    }

    /** Returns the run's folder. */
    Path dir() {
        return runDir;
    }

    @Override
    public String id() {
        return runId;
    }

    @Override
    public String experimentId() {
        return experimentId;
    }

    @Override
    public String artifactUri() {
        return artifactUri;
    }

    @Override
    public synchronized void logParams(Map<String, String> params) {
        ensureActive();
        Map<String, String> toWrite = new LinkedHashMap<>();
        Map<String, String> fullValues = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : params.entrySet()) {
                String key = e.getKey();
                MlflowLimits.validateKey("param", key);
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("param '" + key + "' has a null value");
                }
                String value = MlflowLimits.shorten(e.getValue(), MlflowLimits.MAX_PARAM_VALUE_LENGTH);
                Optional<String> existing = StoreFiles.readString(keyPath("params", key));
                if (existing.isPresent()) {
                    if (!existing.get().equals(value)) {
                        throw new IllegalStateException(String.format(
                                "Changing param values is not allowed. Param with key='%s' was already logged with"
                                        + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
                                key, existing.get(), runId, value));
                    }
                    continue;
                }
                toWrite.put(key, value);
                if (!value.equals(e.getValue())) {
                    fullValues.put(key, e.getValue());
                }
            }
            for (Map.Entry<String, String> e : toWrite.entrySet()) {
                if (fullValues.containsKey(e.getKey())) {
                    writeLongValue("params", e.getKey(), fullValues.get(e.getKey()));
                }
                writeKeyFile("params", e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot log params of run " + runId, e);
        }
    }

    @Override
    public synchronized void logMetrics(Map<String, Double> values, long step) {
        ensureActive();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            MlflowLimits.validateKey("metric", e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException("metric '" + e.getKey() + "' has a null value");
            }
        }
        long now = clock.millis();
        try {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                MetricFileWriter writer = metricWriters.computeIfAbsent(
                        e.getKey(), k -> new MetricFileWriter(keyPath("metrics", k)));
                writer.append(now, e.getValue(), step);
                if (writer.pendingChars() > MAX_PENDING_CHARS) {
                    writer.flush(false);
                }
            }
            if (now - lastFlushMillis > AUTO_FLUSH_MILLIS) {
                flushMetrics(now, false);
            }
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot log metrics of run " + runId, e);
        }
    }

    @Override
    public synchronized void setTags(Map<String, String> tags) {
        ensureActive();
        for (String key : tags.keySet()) {
            MlflowLimits.validateKey("tag", key);
        }
        try {
            writeTags(tags);
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot set tags of run " + runId, e);
        }
    }

    /**
     * Writes tags (keys already validated): null values become empty strings, long values are
     * shortened with the full text stored as an artifact, and {@code mlflow.runName} also updates
     * {@code run_name} in meta.yaml.
     */
    void writeTags(Map<String, String> tags) throws IOException {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String full = Objects.requireNonNullElse(e.getValue(), "");
            String value = MlflowLimits.shorten(full, MlflowLimits.MAX_TAG_VALUE_LENGTH);
            if (!value.equals(full)) {
                writeLongValue("tags", e.getKey(), full);
            }
            writeKeyFile("tags", e.getKey(), value);
            if (e.getKey().equals(RUN_NAME_TAG)) {
                updateMeta(meta -> meta.put("run_name", value));
            }
        }
    }

    @Override
    public synchronized void logArtifact(String relativePath, byte[] content) {
        ensureActive();
        Objects.requireNonNull(content, "content");
        Path target = StoreFiles.resolveUnder(artifactsDir, relativePath, "artifact");
        try {
            StoreFiles.writeAtomically(target, content, target.getParent());
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot write artifact " + relativePath + " of run " + runId, e);
        }
    }

    @Override
    public synchronized void logArtifact(String relativePath, Path file) {
        ensureActive();
        Objects.requireNonNull(file, "file");
        Path target = StoreFiles.resolveUnder(artifactsDir, relativePath, "artifact");
        try {
            StoreFiles.copyAtomically(file, target);
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot store " + file + " as artifact " + relativePath + " of run " + runId, e);
        }
    }

    @Override
    public Optional<Path> localArtifactRoot() {
        return Optional.of(artifactsDir);
    }

    /**
     * Returns {@value HistoryMark#PREFIX}-prefixed metric file lengths after a flush: what
     * {@link FileStoreTracker#reopenRun} cuts each metric file back to.
     */
    @Override
    public synchronized String historyMark() {
        flush();
        try {
            return HistoryMark.of(runDir.resolve("metrics")).encode();
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot read the metric history of run " + runId, e);
        }
    }

    @Override
    public synchronized void flush() {
        if (ended) {
            return;
        }
        try {
            flushMetrics(clock.millis(), true);
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot flush metrics of run " + runId, e);
        }
    }

    /**
     * Ends the run. The metric files are flushed to the disk and closed first; if that fails (a full
     * disk), the run still gets its status and end time, FAILED instead of FINISHED, with the reason
     * in the {@code vsc.end.reason} tag, and then this method throws.
     *
     * @throws java.io.UncheckedIOException if the metrics could not be written (the run is ended
     *     FAILED) or the status itself could not be written
     */
    @Override
    public synchronized void end(RunStatus status) {
        if (ended) {
            throw new IllegalStateException("run " + runId + " has already ended");
        }
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.RUNNING) {
            throw new IllegalArgumentException("a run ends FINISHED, FAILED, KILLED or SCHEDULED, not " + status);
        }
        ended = true;
        stopHeartbeat();
        IOException lostMetrics = null;
        try {
            closeMetricWriters();
        } catch (IOException e) {
            lostMetrics = e;
        }
        RunStatus finalStatus = lostMetrics != null && status == RunStatus.FINISHED ? RunStatus.FAILED : status;
        try {
            if (lostMetrics != null) {
                releaseReserve();
                writeEndReason("could not write its metrics: " + lostMetrics.getMessage());
            }
            writeStatus(finalStatus);
        } catch (IOException e) {
            try {
                releaseReserve();
                writeStatus(finalStatus);
            } catch (IOException again) {
                e.addSuppressed(again);
                if (lostMetrics != null) {
                    e.addSuppressed(lostMetrics);
                }
                throw StoreFiles.unchecked("cannot end run " + runId, e);
            }
        } finally {
            releaseReserveQuietly();
        }
        if (lostMetrics != null) {
            throw StoreFiles.unchecked("run " + runId + " ended FAILED: could not write its metrics", lostMetrics);
        }
    }

    private void writeStatus(RunStatus status) throws IOException {
        long now = clock.millis();
        updateMeta(meta -> {
            meta.put("status", status.code());
            meta.put("end_time", status == RunStatus.SCHEDULED ? null : now);
        });
    }

    private void writeEndReason(String reason) {
        try {
            writeKeyFile("tags", END_REASON_TAG, MlflowLimits.shorten(reason, MlflowLimits.MAX_TAG_VALUE_LENGTH));
        } catch (IOException e) {
            // The status matters more than its reason; the caller still writes the status.
        }
    }

    private void releaseReserve() throws IOException {
        Files.deleteIfExists(runDir.resolve(RunOwner.DIR).resolve(RESERVE_FILE));
    }

    private void releaseReserveQuietly() {
        try {
            releaseReserve();
        } catch (IOException e) {
            // nothing to give back
        }
    }

    private void stopHeartbeat() {
        try {
            heartbeat.close();
        } catch (Exception e) {
            // a cancelled timer task cannot fail
        }
    }

    /** Marks the run RUNNING with no end time again (for {@link FileStoreTracker#reopenRun}). */
    void reopen() throws IOException {
        Files.deleteIfExists(keyPath("tags", END_REASON_TAG));
        updateMeta(meta -> {
            meta.put("status", RunStatus.RUNNING.code());
            meta.put("end_time", null);
        });
    }

    private void ensureActive() {
        if (ended) {
            throw new IllegalStateException("run " + runId + " has ended; nothing more can be logged to it");
        }
    }

    private void flushMetrics(long now, boolean durable) throws IOException {
        for (MetricFileWriter writer : metricWriters.values()) {
            writer.flush(durable);
        }
        lastFlushMillis = now;
    }

    private void closeMetricWriters() throws IOException {
        IOException failure = null;
        List<String> keys = new ArrayList<>(metricWriters.keySet());
        for (String key : keys) {
            try {
                metricWriters.get(key).close();
                metricWriters.remove(key);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Path of a key's file in {@code params}, {@code tags} or {@code metrics} ('/' makes folders). */
    private Path keyPath(String folder, String key) {
        Path path = runDir.resolve(folder);
        for (String segment : key.split("/")) {
            path = path.resolve(segment);
        }
        return path;
    }

    private void writeKeyFile(String folder, String key, String value) throws IOException {
        StoreFiles.writeAtomically(keyPath(folder, key), value.getBytes(StandardCharsets.UTF_8), runDir);
    }

    private void writeLongValue(String folder, String key, String fullValue) throws IOException {
        Path target = StoreFiles.resolveUnder(artifactsDir, LONG_VALUES_DIR + "/" + folder + "/" + key + ".txt", "artifact");
        StoreFiles.writeAtomically(target, fullValue.getBytes(StandardCharsets.UTF_8), target.getParent());
    }

    private void updateMeta(Consumer<Map<String, Object>> change) throws IOException {
        Path file = runDir.resolve(ExperimentMeta.META_FILE);
        Map<String, Object> meta = MlflowYaml.read(file)
                .orElseThrow(() -> new IOException("run " + runId + " has no " + file));
        Map<String, Object> before = new TreeMap<>(meta);
        change.accept(meta);
        if (!meta.equals(before)) {
            MlflowYaml.write(file, meta);
        }
    }

    /** For diagnostics. */
    @Override
    public String toString() {
        return "FileStoreRun[" + runId + " in " + runDir + "]";
    }
}
