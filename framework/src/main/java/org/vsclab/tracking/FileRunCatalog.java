package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * Reads runs back from an MLflow FileStore ({@code mlruns/}), whether written by {@link
 * FileStoreTracker} or by MLflow itself: unknown {@code meta.yaml} keys are ignored, {@code
 * run_uuid} and {@code run_name} may be missing, ids may be quoted or not, and metric files may hold
 * legacy two-field lines or Java-formatted values.
 *
 * <p>Only active experiments (not those in {@code .trash/}) and active runs are listed and found.
 * Folders without a readable {@code meta.yaml} are skipped with a log message.
 */
public final class FileRunCatalog implements RunCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(FileRunCatalog.class);

    /** Folders inside an experiment that are not runs. */
    private static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of("tags", "datasets", "traces");

    private final Path root;

    /**
     * Creates a catalog of a store.
     *
     * @param root the {@code mlruns} folder; a missing folder is an empty store
     */
    public FileRunCatalog(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * Lists active runs, newest first (by start time, then id).
     *
     * @param experiment only runs of the active experiment with this name, or all when empty
     * @return the runs (empty if the store or the experiment does not exist)
     * @throws IOException if the store cannot be read
     */
    @Override
    public List<RunSummary> runs(Optional<String> experiment) throws IOException {
        List<RunSummary> result = new ArrayList<>();
        for (ExperimentMeta exp : ExperimentMeta.scan(root)) {
            if (!exp.isActive() || (experiment.isPresent() && !experiment.get().equals(exp.name()))) {
                continue;
            }
            for (Path runDir : runDirs(exp)) {
                readRun(exp, runDir).ifPresent(result::add);
            }
        }
        result.sort(Comparator.comparingLong(RunSummary::startTime).reversed()
                .thenComparing(RunSummary::runId));
        return result;
    }

    /**
     * Finds an active run by its full id or a unique prefix of it.
     *
     * @param runIdOrPrefix the id or prefix (not empty)
     * @return the run, or empty if none matches
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if the prefix is empty or matches several runs (naming them)
     */
    @Override
    public Optional<RunSummary> find(String runIdOrPrefix) throws IOException {
        if (runIdOrPrefix == null || runIdOrPrefix.isEmpty()) {
            throw new IllegalArgumentException("run id or prefix must not be empty");
        }
        List<RunSummary> matches = new ArrayList<>();
        for (ExperimentMeta exp : ExperimentMeta.scan(root)) {
            if (!exp.isActive()) {
                continue;
            }
            for (Path runDir : runDirs(exp)) {
                if (runDir.getFileName().toString().startsWith(runIdOrPrefix)) {
                    readRun(exp, runDir).ifPresent(matches::add);
                }
            }
        }
        for (RunSummary match : matches) {
            if (match.runId().equals(runIdOrPrefix)) {
                return Optional.of(match);
            }
        }
        if (matches.size() > 1) {
            String ids = matches.stream().map(RunSummary::runId).sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException(
                    "run id prefix '" + runIdOrPrefix + "' is ambiguous; it matches runs " + ids);
        }
        return matches.stream().findFirst();
    }

    /**
     * Reads one artifact of a run: from the run's {@code artifacts/} folder in this store, or, if
     * that folder does not exist, from the local path its {@code artifact_uri} names.
     *
     * @param run the run
     * @param relativePath a '/'-separated path under its artifact root
     * @return the bytes, or empty if there is no such file
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if the path escapes the artifact root
     */
    @Override
    public Optional<byte[]> artifact(RunSummary run, String relativePath) throws IOException {
        Optional<Path> runDir = locateRunDir(run);
        if (runDir.isEmpty()) {
            return Optional.empty();
        }
        Path artifacts = runDir.get().resolve("artifacts");
        if (!Files.isDirectory(artifacts)) {
            Optional<Path> fromUri = MlflowYaml.read(runDir.get().resolve(ExperimentMeta.META_FILE))
                    .map(meta -> meta.get("artifact_uri"))
                    .flatMap(uri -> StoreFiles.localPath(String.valueOf(uri)));
            if (fromUri.isEmpty()) {
                return Optional.empty();
            }
            artifacts = fromUri.get();
        }
        Path file = StoreFiles.resolveUnder(artifacts, relativePath, "artifact");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(file));
    }

    private Optional<Path> locateRunDir(RunSummary run) throws IOException {
        Path direct = root.resolve(run.experimentId()).resolve(run.runId());
        if (isSafeName(run.experimentId()) && isSafeName(run.runId()) && Files.isDirectory(direct)) {
            return Optional.of(direct);
        }
        for (ExperimentMeta exp : ExperimentMeta.scan(root)) {
            if (exp.id().equals(run.experimentId())) {
                for (Path runDir : runDirs(exp)) {
                    if (runDir.getFileName().toString().equals(run.runId())) {
                        return Optional.of(runDir);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isSafeName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }

    /** The run folders of an experiment (sorted by name), reserved folders excluded. */
    private static List<Path> runDirs(ExperimentMeta exp) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(exp.dir(), Files::isDirectory)) {
            for (Path dir : stream) {
                if (!RESERVED_EXPERIMENT_FOLDERS.contains(dir.getFileName().toString())) {
                    dirs.add(dir);
                }
            }
        }
        dirs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return dirs;
    }

    /** Reads one run; empty (logged) if its meta.yaml is missing or unreadable, or it is deleted. */
    private Optional<RunSummary> readRun(ExperimentMeta exp, Path runDir) throws IOException {
        Map<String, Object> meta;
        try {
            Optional<Map<String, Object>> read = MlflowYaml.read(runDir.resolve(ExperimentMeta.META_FILE));
            if (read.isEmpty()) {
                LOG.debug("Skipping {}: no {}", runDir, ExperimentMeta.META_FILE);
                return Optional.empty();
            }
            meta = read.get();
        } catch (IOException e) {
            LOG.warn("Skipping {}: unreadable {}: {}", runDir, ExperimentMeta.META_FILE, e.getMessage());
            return Optional.empty();
        }
        if (ExperimentMeta.DELETED.equals(string(meta.get("lifecycle_stage")))) {
            return Optional.empty();
        }
        RunStatus status;
        try {
            status = status(meta.get("status"));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping {}: {}", runDir, e.getMessage());
            return Optional.empty();
        }
        String runId = firstNonNull(string(meta.get("run_id")), string(meta.get("run_uuid")),
                runDir.getFileName().toString());
        String experimentId = firstNonNull(string(meta.get("experiment_id")), exp.id());
        Map<String, String> tags = readKeyFiles(runDir.resolve("tags"));
        String runName = firstNonNull(string(meta.get("run_name")), tags.get(FileStoreRun.RUN_NAME_TAG), "");
        long startTime = longValue(meta.get("start_time")).orElse(0L);
        Optional<Long> endTime = longValue(meta.get("end_time"));
        Map<String, String> params = readKeyFiles(runDir.resolve("params"));
        Map<String, Double> metrics = readLatestMetrics(runDir.resolve("metrics"));
        return Optional.of(new RunSummary(runId, experimentId, exp.name(), runName, status, startTime, endTime,
                params, metrics, tags));
    }

    private static RunStatus status(Object value) {
        if (value instanceof Number n) {
            return RunStatus.fromCode(n.intValue());
        }
        if (value instanceof String s) {
            try {
                return RunStatus.fromCode(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                return RunStatus.valueOf(s.strip());
            }
        }
        throw new IllegalArgumentException("missing or invalid run status: " + value);
    }

    /** Reads a folder of one-file-per-key values (params or tags); '/' keys come from sub-folders. */
    private static Map<String, String> readKeyFiles(Path dir) throws IOException {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, Path> e : keyFiles(dir).entrySet()) {
            values.put(e.getKey(), StoreFiles.readString(e.getValue()).orElse(""));
        }
        return Collections.unmodifiableMap(values);
    }

    /** Reads each metric's latest value: the entry with the greatest (step, timestamp, value). */
    private static Map<String, Double> readLatestMetrics(Path dir) throws IOException {
        Map<String, Double> values = new TreeMap<>();
        for (Map.Entry<String, Path> e : keyFiles(dir).entrySet()) {
            MetricFiles.latest(e.getValue()).ifPresent(m -> values.put(e.getKey(), m.value()));
        }
        return Collections.unmodifiableMap(values);
    }

    /** Files under a folder, by their '/'-joined relative path. */
    private static Map<String, Path> keyFiles(Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String key = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                files.put(key, file);
            }
        }
        return files;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Optional<Long> longValue(Object value) {
        if (value instanceof Number n) {
            return Optional.of(n.longValue());
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Optional.of(Long.parseLong(s.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** For diagnostics. */
    @Override
    public String toString() {
        return "FileRunCatalog[" + root + "]";
    }
}
