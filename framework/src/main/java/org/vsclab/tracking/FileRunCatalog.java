package org.vsclab.tracking;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vsclab.spi.ArtifactEntry;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunPage;
import org.vsclab.spi.RunQuery;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * Reads runs back from an MLflow FileStore ({@code mlruns/}), whether written by {@link
 * FileStoreTracker} or by MLflow itself: unknown {@code meta.yaml} keys are ignored, {@code
 * run_uuid} and {@code run_name} may be missing, ids may be quoted or not, and metric files may hold
 * legacy two-field lines or Java-formatted values.
 *
 * <p>Only active experiments (not those in {@code .trash/}) and active runs are listed and found.
 * A damaged store is read as far as it can be: a folder without a readable {@code meta.yaml} is
 * skipped, a malformed metric line, a param or tag file that is not UTF-8 is left out of its run,
 * and each such file is named once in {@link #problems()}.
 *
 * <p>Searches evaluate MLflow's filter and order syntax ({@link RunFilter}) on the runs read, so a
 * local store answers the same queries as a server; page tokens are offsets.
 */
public final class FileRunCatalog implements RunCatalog {

    /** Folders inside an experiment that are not runs. */
    private static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of("tags", "datasets", "traces");

    private static final String PAGE_TOKEN_PREFIX = "offset:";

    private final Path root;
    private final StoreProblems problems = new StoreProblems();

    /**
     * Creates a catalog of a store.
     *
     * @param root the {@code mlruns} folder; a missing folder is an empty store
     */
    public FileRunCatalog(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * Answers a search: reads the runs of the chosen active experiments, filters, orders, and cuts
     * out one page.
     *
     * @param query the query
     * @return the page
     * @throws IOException if the store cannot be listed
     * @throws IllegalArgumentException if the filter, order or page token is malformed
     */
    @Override
    public RunPage search(RunQuery query) throws IOException {
        Predicate<RunSummary> filter = RunFilter.parse(query.filter());
        Comparator<RunSummary> order = RunFilter.order(query.orderBy());
        int offset = query.pageToken().map(FileRunCatalog::offset).orElse(0);
        List<RunSummary> matching = new ArrayList<>();
        for (ExperimentMeta exp : experiments()) {
            if (!exp.isActive() || (!query.experiments().isEmpty() && !query.experiments().contains(exp.name()))) {
                continue;
            }
            for (Path runDir : runDirs(exp)) {
                readRun(exp, runDir).filter(filter).ifPresent(matching::add);
            }
        }
        matching.sort(order);
        int end = (int) Math.min(matching.size(), (long) offset + query.maxResults());
        List<RunSummary> page = offset >= matching.size() ? List.of() : matching.subList(offset, end);
        Optional<String> next = end < matching.size() ? Optional.of(PAGE_TOKEN_PREFIX + end) : Optional.empty();
        return new RunPage(page, next);
    }

    private static int offset(String token) {
        if (token.startsWith(PAGE_TOKEN_PREFIX)) {
            try {
                int offset = Integer.parseInt(token.substring(PAGE_TOKEN_PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("invalid page token '" + token + "' (not from this store)");
    }

    /**
     * Reads a metric's whole history; malformed lines are left out (and reported in {@link #problems()}).
     *
     * @param run the run
     * @param key the metric key ('/' makes folders)
     * @return the points in file order
     * @throws IOException if the file cannot be read
     */
    @Override
    public List<MetricPoint> metricHistory(RunSummary run, String key) throws IOException {
        Optional<Path> dir = runDir(run);
        if (dir.isEmpty()) {
            return List.of();
        }
        Path file = StoreFiles.resolveUnder(dir.get().resolve("metrics"), key, "metric");
        List<MetricPoint> points = new ArrayList<>();
        for (MetricFiles.Entry e : MetricFiles.readableHistory(file, problems)) {
            points.add(new MetricPoint(e.timestamp(), e.value(), e.step()));
        }
        return points;
    }

    /**
     * Lists one folder of a run's artifacts.
     *
     * @param run the run
     * @param directory the folder ("" for the root)
     * @return its entries sorted by path; empty if there is no such folder
     * @throws IOException if the folder cannot be listed
     */
    @Override
    public List<ArtifactEntry> artifacts(RunSummary run, String directory) throws IOException {
        Optional<Path> artifacts = artifactRoot(run);
        if (artifacts.isEmpty()) {
            return List.of();
        }
        Path dir = directory.isEmpty() ? artifacts.get() : StoreFiles.resolveUnder(artifacts.get(), directory, "artifact");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ArtifactEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(".tmp-")) {
                    continue;
                }
                String path = directory.isEmpty() ? name : directory + "/" + name;
                boolean isDir = Files.isDirectory(p);
                entries.add(new ArtifactEntry(path, isDir, isDir ? 0 : Files.size(p)));
            }
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    /**
     * Returns the files met so far that could not be read, once each.
     *
     * @return "path: reason" lines
     */
    @Override
    public List<String> problems() {
        return problems.lines();
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
        for (ExperimentMeta exp : experiments()) {
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
        Optional<Path> artifacts = artifactRoot(run);
        if (artifacts.isEmpty()) {
            return Optional.empty();
        }
        Path file = StoreFiles.resolveUnder(artifacts.get(), relativePath, "artifact");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(file));
    }

    /**
     * Returns the local folder of a run's artifacts: its {@code artifacts/} folder in this store or,
     * if that does not exist, the local path its {@code artifact_uri} names.
     *
     * @param run the run
     * @return the folder, or empty if the run or a local artifact folder is not found
     * @throws IOException if the store cannot be read
     */
    public Optional<Path> artifactRoot(RunSummary run) throws IOException {
        Optional<Path> runDir = runDir(run);
        if (runDir.isEmpty()) {
            return Optional.empty();
        }
        Path artifacts = runDir.get().resolve("artifacts");
        if (Files.isDirectory(artifacts)) {
            return Optional.of(artifacts);
        }
        return MlflowYaml.read(runDir.get().resolve(ExperimentMeta.META_FILE))
                .map(meta -> meta.get("artifact_uri"))
                .flatMap(uri -> StoreFiles.localPath(String.valueOf(uri)));
    }

    /**
     * Reads the run in a folder of this store directly (no search), as {@link #find} would return it.
     *
     * @param runDir the run's folder ({@code <root>/<experiment id>/<run id>})
     * @return the run, or empty if the folder holds no readable, active run
     * @throws IOException if the store cannot be read
     */
    public Optional<RunSummary> runAt(Path runDir) throws IOException {
        return runAt(runDir, true);
    }

    /**
     * Reads the run in a folder of this store directly, optionally without its metrics (which means
     * reading every metric file): what a deliverer polling a live run needs.
     *
     * @param runDir the run's folder
     * @param withMetrics whether to read the latest value of every metric (else the map is empty)
     * @return the run, or empty if the folder holds no readable, active run
     * @throws IOException if the store cannot be read
     */
    public Optional<RunSummary> runAt(Path runDir, boolean withMetrics) throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        Optional<ExperimentMeta> exp = ExperimentMeta.read(dir.getParent(), problems);
        if (exp.isEmpty() || !exp.get().isActive()) {
            return Optional.empty();
        }
        return readRun(exp.get(), dir, withMetrics);
    }

    /**
     * Returns a run's folder in this store.
     *
     * @param run the run
     * @return the folder, or empty if the store has no such run
     * @throws IOException if the store cannot be read
     */
    public Optional<Path> runDir(RunSummary run) throws IOException {
        return locateRunDir(run);
    }

    private Optional<Path> locateRunDir(RunSummary run) throws IOException {
        Path direct = root.resolve(run.experimentId()).resolve(run.runId());
        if (isSafeName(run.experimentId()) && isSafeName(run.runId()) && Files.isDirectory(direct)) {
            return Optional.of(direct);
        }
        for (ExperimentMeta exp : experiments()) {
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

    /** The experiments of the store; folders that are not readable experiments are reported. */
    private List<ExperimentMeta> experiments() throws IOException {
        return ExperimentMeta.scan(root, problems);
    }

    /** The run folders of an experiment (sorted by name), reserved and hidden folders excluded. */
    private static List<Path> runDirs(ExperimentMeta exp) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(exp.dir(), Files::isDirectory)) {
            for (Path dir : stream) {
                String name = dir.getFileName().toString();
                if (!RESERVED_EXPERIMENT_FOLDERS.contains(name) && !name.startsWith(".")) {
                    dirs.add(dir);
                }
            }
        }
        dirs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return dirs;
    }

    /** Reads one run; empty (reported) if its meta.yaml is missing or unreadable; empty if it is deleted. */
    private Optional<RunSummary> readRun(ExperimentMeta exp, Path runDir) throws IOException {
        return readRun(exp, runDir, true);
    }

    private Optional<RunSummary> readRun(ExperimentMeta exp, Path runDir, boolean withMetrics) throws IOException {
        Path metaFile = runDir.resolve(ExperimentMeta.META_FILE);
        Map<String, Object> meta;
        try {
            Optional<Map<String, Object>> read = MlflowYaml.read(metaFile);
            if (read.isEmpty()) {
                problems.add(runDir, "no " + ExperimentMeta.META_FILE + " (not a run of an MLflow store; skipped)");
                return Optional.empty();
            }
            meta = read.get();
        } catch (IOException e) {
            problems.add(metaFile, reason(e) + " (run skipped)");
            return Optional.empty();
        }
        if (ExperimentMeta.DELETED.equals(string(meta.get("lifecycle_stage")))) {
            return Optional.empty();
        }
        RunStatus status;
        try {
            status = status(meta.get("status"));
        } catch (IllegalArgumentException e) {
            problems.add(metaFile, e.getMessage() + " (run skipped)");
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
        Map<String, Double> metrics = withMetrics ? readLatestMetrics(runDir.resolve("metrics")) : Map.of();
        Optional<String> lost = status == RunStatus.RUNNING ? RunOwner.lostReason(runDir, Instant.now()) : Optional.empty();
        return Optional.of(new RunSummary(runId, experimentId, exp.name(), runName, status, startTime, endTime,
                params, metrics, tags, lost));
    }

    /** An I/O failure as a short reason: the JDK's decoding errors say "Input length = 1". */
    static String reason(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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

    /**
     * Reads a folder of one-file-per-key values (params or tags); '/' keys come from sub-folders. A
     * file that cannot be read (not UTF-8) is left out and reported.
     */
    private Map<String, String> readKeyFiles(Path dir) throws IOException {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, Path> e : keyFiles(dir).entrySet()) {
            try {
                values.put(e.getKey(), StoreFiles.readString(e.getValue()).orElse(""));
            } catch (IOException failure) {
                problems.add(e.getValue(), reason(failure) + " (left out of its run)");
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** Reads each metric's latest value: the entry with the greatest (step, timestamp, value). */
    private Map<String, Double> readLatestMetrics(Path dir) throws IOException {
        Map<String, Double> values = new TreeMap<>();
        for (Map.Entry<String, Path> e : keyFiles(dir).entrySet()) {
            MetricFiles.latest(MetricFiles.readableHistory(e.getValue(), problems))
                    .ifPresent(m -> values.put(e.getKey(), m.value()));
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
                if (file.getFileName().toString().startsWith(".tmp-")) {
                    continue;
                }
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
