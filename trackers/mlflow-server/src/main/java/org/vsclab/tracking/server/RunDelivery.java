package org.vsclab.tracking.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileRunCatalog;

/**
 * Replays one run of the write-ahead store to a server, idempotently, from where its {@link
 * DeliveryState} says the last delivery stopped: the experiment (get or create), the run (found by
 * its {@value #ORIGIN_TAG} tag before it is ever created, so a create whose answer was lost is not
 * repeated), params not yet on the server, changed tags, metric lines past each file's delivered
 * offset in batches within MLflow's limits, and, once the run has ended, its artifacts and status.
 *
 * <p>Exactly once: after a failure that may have been applied ({@link ServerException#uncertain()})
 * and at the start of every delivery of a run that already exists on the server, the next metric
 * batch is checked against the server's history and points it already has are dropped. For a run
 * reopened by {@code vsc resume}, the points after its checkpoint are logged again with the same
 * steps and values, so for those keys a point is dropped when the server has its (key, step).
 */
final class RunDelivery {

    /** Tag on the server run naming the local run it came from. */
    static final String ORIGIN_TAG = "vsc.origin-run-id";

    static final String PARENT_TAG = "mlflow.parentRunId";

    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    /** Below MLflow's 1 MB request limit, leaving room for the JSON around the entities. */
    static final int MAX_BODY_BYTES = 900_000;

    /** What a delivery achieved. */
    enum Progress {
        /** Everything, status included, is on the server. */
        COMPLETE,
        /** All that exists now is delivered; the run is still open. */
        CAUGHT_UP
    }

    /** Finds the remote id of another local run (a parent), delivering it first if needed. */
    interface Parents {
        String remoteId(String localRunId) throws IOException;
    }

    private final MlflowRest rest;
    private final FileRunCatalog outbox;
    private final Parents parents;
    private final Map<String, Path> runDirs = new java.util.concurrent.ConcurrentHashMap<>();

    RunDelivery(MlflowRest rest, FileRunCatalog outbox, Parents parents) {
        this.rest = rest;
        this.outbox = outbox;
        this.parents = parents;
    }

    /**
     * Delivers what is new in one run.
     *
     * @param localRunId the run's id in the write-ahead store
     * @param verify check the server's history before sending metrics (a new session, or after an
     *     uncertain failure)
     * @return how far it got
     * @throws ServerException if a request failed (nothing is lost: the state says what was sent)
     * @throws IOException if the local store cannot be read
     */
    Progress deliver(String localRunId, boolean verify) throws IOException {
        Path runDir = runDirs.get(localRunId);
        if (runDir == null) {
            RunSummary found = outbox.find(localRunId)
                    .orElseThrow(() -> new IOException("the write-ahead store has no run " + localRunId));
            runDir = outbox.runDir(found).orElseThrow();
            runDirs.put(localRunId, runDir);
        }
        RunSummary run = outbox.runAt(runDir, false)
                .orElseThrow(() -> new IOException("the write-ahead store has no run " + localRunId));
        DeliveryState state = DeliveryState.of(runDir, rest.uri());
        Optional<AutoCloseable> lock = state.lock();
        if (lock.isEmpty()) {
            return Progress.CAUGHT_UP;       // another thread or process is delivering it
        }
        try (AutoCloseable held = lock.get()) {
            state = DeliveryState.of(runDir, rest.uri());    // re-read under the lock
            return deliver(run, runDir, state, verify);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Progress deliver(RunSummary run, Path runDir, DeliveryState state, boolean verify) throws IOException {
        String experimentId = state.experimentId().orElse(null);
        if (experimentId == null) {
            experimentId = rest.experimentId(run.experimentName());
            state.experimentId(experimentId);
            state.save();
        }
        boolean existed = state.remoteRunId().isPresent();
        if (!existed) {
            Service.Run remote = findOrCreate(run, experimentId);
            state.remoteRun(remote.getInfo().getRunId(), remote.getInfo().getArtifactUri());
            state.save();
            existed = verify;
        }
        String remoteId = state.remoteRunId().orElseThrow();
        sendParams(run, state, remoteId, existed || verify);
        sendTags(run, state, remoteId);
        boolean metricsDone = sendMetrics(runDir, state, remoteId, verify);
        boolean ended = run.status() != RunStatus.RUNNING && run.status() != RunStatus.SCHEDULED;
        String status = run.status().code() + ":" + run.endTime().map(String::valueOf).orElse("");
        if (!ended) {
            if (!state.statusSent().isEmpty() && !state.statusSent().equals(status)) {
                rest.updateRun(remoteId, Service.RunStatus.RUNNING, Optional.empty());   // reopened
                state.statusSent(status);
                state.complete(false);
                state.save();
            }
            return Progress.CAUGHT_UP;
        }
        if (!metricsDone) {
            return Progress.CAUGHT_UP;
        }
        sendArtifacts(run, state);
        if (!state.statusSent().equals(status)) {
            rest.updateRun(remoteId, Service.RunStatus.valueOf(run.status().name()), run.endTime());
            state.statusSent(status);
        }
        state.complete(true);
        state.error(Optional.empty());
        state.save();
        return Progress.COMPLETE;
    }

    private Service.Run findOrCreate(RunSummary run, String experimentId) throws IOException {
        Service.SearchRuns.Response found = rest.searchRuns(List.of(experimentId),
                "tags.`" + ORIGIN_TAG + "` = '" + run.runId() + "'", List.of(), 2, Optional.empty());
        if (found.getRunsCount() > 0) {
            return found.getRuns(0);
        }
        Service.CreateRun.Builder create = Service.CreateRun.newBuilder().setExperimentId(experimentId)
                .setRunName(run.runName()).setStartTime(run.startTime());
        Optional.ofNullable(run.tags().get("mlflow.user")).ifPresent(create::setUserId);
        for (Map.Entry<String, String> tag : remoteTags(run).entrySet()) {
            create.addTags(Service.RunTag.newBuilder().setKey(tag.getKey()).setValue(tag.getValue()));
        }
        return rest.createRun(create);
    }

    /** The run's tags as the server gets them: the parent's id translated, the origin added. */
    private Map<String, String> remoteTags(RunSummary run) throws IOException {
        Map<String, String> tags = new TreeMap<>(run.tags());
        String parent = tags.get(PARENT_TAG);
        if (parent != null) {
            tags.put(PARENT_TAG, parents.remoteId(parent));
        }
        tags.put(ORIGIN_TAG, run.runId());
        return tags;
    }

    private void sendParams(RunSummary run, DeliveryState state, String remoteId, boolean checkServer) throws IOException {
        Map<String, String> pending = new LinkedHashMap<>();
        run.params().forEach((k, v) -> {
            if (!state.isParamSent(k)) {
                pending.put(k, v);
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        if (checkServer) {
            Service.Run remote = rest.run(remoteId).orElseThrow(() -> new ServerException(
                    "MLflow server " + rest.uri() + " no longer has run " + remoteId, 404, "RESOURCE_DOES_NOT_EXIST", false, null));
            for (Service.Param p : remote.getData().getParamsList()) {
                if (pending.containsKey(p.getKey()) && pending.get(p.getKey()).equals(p.getValue())) {
                    state.markParamSent(p.getKey(), p.getValue());
                    pending.remove(p.getKey());
                }
            }
        }
        List<Service.Param> params = new ArrayList<>();
        pending.forEach((k, v) -> params.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
        for (List<Service.Param> chunk : chunks(params, MAX_PARAMS, p -> p.getSerializedSize() * 2 + 32)) {
            rest.logBatch(remoteId, List.of(), chunk, List.of());
            for (Service.Param p : chunk) {
                state.markParamSent(p.getKey(), p.getValue());
            }
            state.save();
        }
    }

    private void sendTags(RunSummary run, DeliveryState state, String remoteId) throws IOException {
        List<Service.RunTag> tags = new ArrayList<>();
        for (Map.Entry<String, String> e : remoteTags(run).entrySet()) {
            if (!state.isTagSent(e.getKey(), e.getValue())) {
                tags.add(Service.RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build());
            }
        }
        for (List<Service.RunTag> chunk : chunks(tags, MAX_TAGS, t -> t.getSerializedSize() * 2 + 32)) {
            rest.logBatch(remoteId, List.of(), List.of(), chunk);
            for (Service.RunTag t : chunk) {
                state.markTagSent(t.getKey(), t.getValue());
            }
            state.save();
        }
    }

    /** One metric line read from a local file, with the offset just past it. */
    private record Line(String key, Service.Metric metric, long end) {}

    /** Sends every complete metric line past the delivered offsets; true if nothing was left. */
    private boolean sendMetrics(Path runDir, DeliveryState state, String remoteId, boolean verify) throws IOException {
        Map<String, Path> files = metricFiles(runDir.resolve("metrics"));
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            lines.addAll(read(e.getKey(), e.getValue(), state.metricOffset(e.getKey())));
        }
        Map<String, Set<String>> remotePoints = new HashMap<>();
        for (List<Line> batch : chunks(lines, MAX_METRICS, l -> l.metric() == null ? 0 : l.metric().getSerializedSize() * 3 + 64)) {
            List<Service.Metric> metrics = new ArrayList<>();
            for (Line line : batch) {
                if (line.metric() == null) {
                    continue;
                }
                boolean resumed = state.resumed(line.key());
                if (verify || resumed) {
                    Set<String> known;
                    try {
                        known = remotePoints.computeIfAbsent(line.key(), k -> remoteHistory(remoteId, k));
                    } catch (UncheckedServerException e) {
                        throw e.io();
                    }
                    if (known.contains(resumed ? "step:" + line.metric().getStep() : identity(line.metric()))) {
                        continue;
                    }
                }
                metrics.add(line.metric());
            }
            if (!metrics.isEmpty()) {
                rest.logBatch(remoteId, metrics, List.of(), List.of());
            }
            for (Line line : batch) {
                state.metricOffset(line.key(), Math.max(state.metricOffset(line.key()), line.end()));
            }
            state.save();
        }
        return true;
    }

    private Set<String> remoteHistory(String remoteId, String key) {
        try {
            Set<String> points = new HashSet<>();
            for (Service.Metric m : rest.metricHistory(remoteId, key)) {
                points.add(identity(m));
                points.add("step:" + m.getStep());
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedServerException(e);
        }
    }

    /** Unwraps a failure of a history read made inside a lambda. */
    static final class UncheckedServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedServerException(IOException cause) {
            super(cause);
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    private static String identity(Service.Metric m) {
        return m.getStep() + "|" + m.getTimestamp() + "|" + Double.doubleToLongBits(m.getValue());
    }

    /** Complete lines of a metric file past an offset (a partial last line waits for its newline). */
    private static List<Line> read(String key, Path file, long offset) throws IOException {
        List<Line> lines = new ArrayList<>();
        long size = Files.size(file);
        if (size <= offset) {
            return lines;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read all
            }
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
        int start = 0;
        for (int j = 0; j < length; j++) {
            if (bytes[j] == '\n') {
                String text = new String(bytes, start, j - start, StandardCharsets.UTF_8).strip();
                lines.add(new Line(key, parse(key, text).orElse(null), offset + j + 1));   // null: malformed, skipped
                start = j + 1;
            }
        }
        return lines;
    }

    /** A {@code timestamp value [step]} line as a metric; empty for a malformed or blank line. */
    private static Optional<Service.Metric> parse(String key, String line) {
        String[] parts = line.split("\\s+");
        if (line.isEmpty() || (parts.length != 2 && parts.length != 3)) {
            return Optional.empty();
        }
        try {
            double value = parseValue(parts[1]);
            return Optional.of(Service.Metric.newBuilder().setKey(key).setTimestamp(Long.parseLong(parts[0]))
                    .setValue(value).setStep(parts.length == 3 ? Long.parseLong(parts[2]) : 0).build());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double parseValue(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity", "+inf", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static Map<String, Path> metricFiles(Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().startsWith(".tmp-")) {
                    files.put(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'), f);
                }
            }
        }
        return files;
    }

    private void sendArtifacts(RunSummary run, DeliveryState state) throws IOException {
        Optional<Path> root = outbox.artifactRoot(run);
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return;
        }
        String artifactUri = state.artifactUri().orElseThrow();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.get())) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".tmp-"))
                    .sorted().toList();
        }
        for (Path f : files) {
            String path = root.get().relativize(f).toString().replace(java.io.File.separatorChar, '/');
            String version = Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
            if (!state.isArtifactSent(path, version)) {
                rest.putArtifact(artifactUri, path, f);
                state.markArtifactSent(path, version);
                state.save();
            }
        }
    }

    /**
     * Splits items into batches of at most {@code maxCount} whose estimated JSON size stays under
     * {@link #MAX_BODY_BYTES} (a single item larger than that is a batch of its own).
     */
    static <T> List<List<T>> chunks(List<T> items, int maxCount, java.util.function.ToIntFunction<T> jsonBytes) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            int size = jsonBytes.applyAsInt(item);
            if (!current.isEmpty() && (current.size() >= maxCount || bytes + size > MAX_BODY_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
