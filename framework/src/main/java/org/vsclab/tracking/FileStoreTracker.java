package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;

/**
 * A {@link Tracker} that writes an MLflow FileStore ({@code mlruns/}) exactly as MLflow's own file
 * store does, so {@code mlflow ui --backend-store-uri ./mlruns} (with {@code
 * MLFLOW_ALLOW_FILE_STORE=true} on MLflow 3.13+) and {@code mlflow migrate-filestore} read it.
 *
 * <p>On the first {@link #startRun}, a missing (or empty) root is created with the default
 * experiment ({@code 0}, "Default") and a {@code .trash/} folder. Experiments are found by name or
 * created with a random id; runs get a uuid4 hex id, a {@code meta.yaml} with status RUNNING and
 * their tags (plus {@code mlflow.runName}).
 *
 * <p>Several threads and processes may write one store at once: experiments are looked up and
 * created under the store's lock ({@link StoreLock}: a monitor per JVM plus an OS file lock), so
 * there is exactly one experiment per name, and run folders are created atomically under fresh ids.
 *
 * <p>Each open run keeps a heartbeat ({@link RunOwner}); {@link #reapLost} marks RUNNING runs whose
 * process died as KILLED, and every {@link #startRun} does so for the runs of its experiment.
 */
public final class FileStoreTracker implements Tracker {

    /** Id of the default experiment. */
    public static final String DEFAULT_EXPERIMENT_ID = "0";

    /** Name of the default experiment. */
    public static final String DEFAULT_EXPERIMENT_NAME = "Default";

    /** MLflow's LOCAL source type, written in every run's legacy {@code source_type} field. */
    static final int SOURCE_TYPE_LOCAL = 4;

    private static final Logger LOG = LoggerFactory.getLogger(FileStoreTracker.class);

    private static final String TRASH = ".trash";

    private static final Pattern URI_SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.\\-]*):");

    /** Id collisions are retried this many times before giving up. */
    private static final int MAX_ID_ATTEMPTS = 100;

    private final String uri;
    private final Path root;
    private final Clock clock;
    private final IdSource ids;

    /**
     * Creates a tracker on a root folder, for tests and embedding.
     *
     * @param root the {@code mlruns} folder (need not exist yet)
     * @param clock the source of all timestamps
     * @param ids the source of new run and experiment ids
     */
    public FileStoreTracker(Path root, Clock clock, IdSource ids) {
        this(null, root, clock, ids);
    }

    private FileStoreTracker(String uri, Path root, Clock clock, IdSource ids) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.uri = uri != null ? uri : StoreFiles.fileUri(this.root);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Opens the store a tracking URI names: {@code file:./mlruns}, {@code file:mlruns}, {@code
     * file:///abs/mlruns} (also {@code file://localhost/abs/mlruns}, percent-escapes decoded), or a
     * plain path ({@code ./mlruns}, {@code /abs/mlruns}). Relative paths are resolved against the
     * current directory now. Nothing is created until the first run starts.
     *
     * @param uri the tracking URI
     * @return the tracker, with the system clock and random ids
     * @throws IllegalArgumentException if the URI is not a local file store URI
     */
    public static FileStoreTracker open(String uri) {
        return new FileStoreTracker(uri, toPath(uri), Clock.systemUTC(), IdSource.random());
    }

    /**
     * Returns the local path a file store URI (or plain path) names, as {@link #open} reads it.
     *
     * @param uri the URI or path
     * @return the path, possibly relative
     * @throws IllegalArgumentException if it is not a local file store URI
     */
    public static Path toPath(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("tracking URI must not be empty");
        }
        String path = uri;
        var scheme = URI_SCHEME.matcher(uri);
        if (scheme.find() && scheme.group(1).length() > 1) {
            if (!scheme.group(1).toLowerCase(Locale.ROOT).equals("file")) {
                throw new IllegalArgumentException("not a file store URI (scheme '" + scheme.group(1) + "'): " + uri);
            }
            String rest = uri.substring(scheme.end());
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
                if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                    throw new IllegalArgumentException("file store URI names a remote host '" + host + "': " + uri);
                }
                rest = slash < 0 ? "" : rest.substring(slash);
            }
            int query = indexOfAny(rest, '?', '#');
            if (query >= 0) {
                rest = rest.substring(0, query);
            }
            path = StoreFiles.percentDecode(rest);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("file store URI has no path: " + uri);
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid file store path in '" + uri + "': " + e.getMessage(), e);
        }
    }

    /**
     * Returns the store's URI.
     *
     * @return the URI as given to {@link #open}, else the root's {@code file://} URI
     */
    @Override
    public String uri() {
        return uri;
    }

    /**
     * Returns the store's root folder.
     *
     * @return the absolute, normalised root
     */
    public Path root() {
        return root;
    }

    /**
     * Starts a run: finds the experiment by name among the active experiments (or creates it),
     * creates the run folder with its {@code meta.yaml} (status RUNNING, no end time), the empty
     * {@code metrics/}, {@code params/} and {@code artifacts/} folders, and the spec's tags plus
     * {@code mlflow.runName}. The {@code user_id} is the {@code mlflow.user} tag if given, else the
     * {@code user.name} system property.
     *
     * @param spec experiment name, run name (required, non-empty) and tags
     * @return the live run
     * @throws IllegalArgumentException if the spec is invalid (bad tag key, empty names, or an
     *     {@code mlflow.runName} tag different from the run name)
     * @throws IllegalStateException if the experiment exists but is deleted
     * @throws java.io.UncheckedIOException if the store cannot be written
     */
    @Override
    public TrackedRun startRun(RunSpec spec) {
        Objects.requireNonNull(spec, "spec");
        validate(spec);
        FileStoreRun run;
        try {
            ExperimentMeta experiment = StoreLock.holding(root, () -> {
                ensureRoot();
                return findOrCreateExperiment(spec.experiment());
            });
            run = createRun(experiment, spec);
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot start a run in " + root, e);
        }
        try {
            reapLost(Optional.of(spec.experiment()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not check {} for lost runs: {}", root, e.toString());
        }
        return run;
    }

    /**
     * Marks every RUNNING run whose process died (see {@link RunOwner}) as KILLED, with its last
     * heartbeat as end time and the reason in the {@code vsc.end.reason} tag.
     *
     * @param experiment only runs of this experiment, or all when empty
     * @return the runs marked, as they were before (status RUNNING, with their lost reason)
     * @throws IOException if the store cannot be read
     */
    @Override
    public List<RunSummary> reapLost(Optional<String> experiment) throws IOException {
        List<RunSummary> reaped = new ArrayList<>();
        FileRunCatalog catalog = new FileRunCatalog(root);
        for (ExperimentMeta exp : ExperimentMeta.scan(root)) {
            if (!exp.isActive() || (experiment.isPresent() && !experiment.get().equals(exp.name()))) {
                continue;
            }
            for (Path dir : runDirsOf(exp)) {
                if (!isRunning(dir)) {           // only meta.yaml is read for runs that ended
                    continue;
                }
                Optional<RunSummary> run = catalog.runAt(dir, false).filter(r -> r.lost().isPresent());
                if (run.isEmpty()) {
                    continue;
                }
                Path meta = dir.resolve(ExperimentMeta.META_FILE);
                Map<String, Object> fields = new TreeMap<>(MlflowYaml.read(meta).orElseThrow());
                long end = RunOwner.lastHeartbeat(dir).map(Instant::toEpochMilli).orElse(run.get().startTime());
                fields.put("status", RunStatus.KILLED.code());
                fields.put("end_time", Math.max(end, run.get().startTime()));
                StoreFiles.writeAtomically(dir.resolve("tags").resolve(FileStoreRun.END_REASON_TAG),
                        "lost: " + run.get().lost().get());
                MlflowYaml.write(meta, fields);
                LOG.info("Marked lost run {} KILLED: {}", run.get().runId(), run.get().lost().get());
                reaped.add(run.get());
            }
        }
        return reaped;
    }

    /**
     * Reopens a run of this store: its {@code meta.yaml} gets status RUNNING and no end time again,
     * and with a mark its metric files are cut back to their lengths at the mark (files created after
     * it are removed).
     *
     * @param runId the run's full id
     * @param historyMark a {@link HistoryMark} from this run, or empty
     * @return the live run
     * @throws IllegalArgumentException if there is no active run with that id, or the mark is not a
     *     FileStore mark
     * @throws java.io.UncheckedIOException if the store cannot be read or written
     */
    @Override
    public TrackedRun reopenRun(String runId, Optional<String> historyMark) {
        Objects.requireNonNull(runId, "runId");
        Optional<HistoryMark> mark = historyMark.map(HistoryMark::decode);
        try {
            Optional<FileStoreRun> reopened = StoreLock.holding(root, () -> {
                for (ExperimentMeta experiment : ExperimentMeta.scan(root)) {
                    Path runDir = experiment.dir().resolve(runId);
                    Optional<Map<String, Object>> meta = MlflowYaml.read(runDir.resolve(ExperimentMeta.META_FILE));
                    if (!experiment.isActive() || meta.isEmpty()) {
                        continue;
                    }
                    String artifactUri = String.valueOf(meta.get().get("artifact_uri"));
                    Path artifactsDir = StoreFiles.localPath(artifactUri).orElseThrow(() -> new IllegalStateException(
                            "run " + runId + " stores artifacts at " + artifactUri + ", which is not a local file: URI"));
                    if (mark.isPresent()) {
                        mark.get().cut(runDir.resolve("metrics"));
                    }
                    FileStoreRun run = new FileStoreRun(runDir, runId, experiment.id(), artifactUri, artifactsDir, clock);
                    run.reopen();
                    run.claim();
                    return Optional.of(run);
                }
                return Optional.empty();
            });
            if (reopened.isPresent()) {
                return reopened.get();
            }
        } catch (IOException e) {
            throw StoreFiles.unchecked("cannot reopen run " + runId + " in " + root, e);
        }
        throw new IllegalArgumentException("the store " + uri + " has no active run " + runId);
    }

    /**
     * Returns a catalog reading this store.
     *
     * @return the catalog
     */
    @Override
    public RunCatalog catalog() {
        return new FileRunCatalog(root);
    }

    private static void validate(RunSpec spec) {
        String experiment = spec.experiment();
        if (experiment == null || experiment.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be empty");
        }
        if (experiment.length() > MlflowLimits.MAX_EXPERIMENT_NAME_LENGTH) {
            throw new IllegalArgumentException("experiment name is longer than "
                    + MlflowLimits.MAX_EXPERIMENT_NAME_LENGTH + " characters: " + experiment);
        }
        if (spec.runName() == null || spec.runName().isEmpty()) {
            throw new IllegalArgumentException("run name must not be empty");
        }
        for (String key : spec.tags().keySet()) {
            MlflowLimits.validateKey("tag", key);
        }
        String tagName = spec.tags().get(FileStoreRun.RUN_NAME_TAG);
        if (tagName != null && !tagName.equals(spec.runName())) {
            throw new IllegalArgumentException("run name '" + spec.runName() + "' differs from the "
                    + FileStoreRun.RUN_NAME_TAG + " tag '" + tagName + "'");
        }
    }

    /** Creates the default experiment and .trash in a root that has no folders yet (called holding the lock). */
    private void ensureRoot() throws IOException {
        if (!hasFolders(root)) {
            long now = clock.millis();
            Path dir = root.resolve(DEFAULT_EXPERIMENT_ID);
            Files.createDirectories(dir);
            MlflowYaml.write(dir.resolve(ExperimentMeta.META_FILE), ExperimentMeta.newMeta(
                    DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, StoreFiles.fileUri(dir), now));
        }
        Files.createDirectories(root.resolve(TRASH));
    }

    /** The run folders of an experiment (hidden and reserved folders left out). */
    private static List<Path> runDirsOf(ExperimentMeta exp) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(exp.dir())) {
            for (Path p : entries.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !List.of("tags", "datasets", "traces").contains(name)) {
                    dirs.add(p);
                }
            }
        }
        return dirs;
    }

    /** Whether a run folder's meta.yaml says RUNNING (unreadable ones are not). */
    private static boolean isRunning(Path runDir) {
        try {
            Object status = MlflowYaml.read(runDir.resolve(ExperimentMeta.META_FILE)).map(m -> m.get("status")).orElse(null);
            return status != null && String.valueOf(status).strip().equals(Integer.toString(RunStatus.RUNNING.code()));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasFolders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(Files::isDirectory);
        }
    }

    private ExperimentMeta findOrCreateExperiment(String name) throws IOException {
        for (ExperimentMeta experiment : ExperimentMeta.scan(root)) {
            if (experiment.name().equals(name)) {
                if (!experiment.isActive()) {
                    throw new IllegalStateException("experiment '" + name + "' (id " + experiment.id()
                            + ") is deleted; restore it or choose another name");
                }
                return experiment;
            }
        }
        for (ExperimentMeta deleted : ExperimentMeta.scan(root.resolve(TRASH))) {
            if (deleted.name().equals(name)) {
                throw new IllegalStateException("experiment '" + name + "' (id " + deleted.id()
                        + ") is deleted (in " + TRASH + "); restore it, purge it with 'mlflow gc', or choose another name");
            }
        }
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            String id = ids.newExperimentId();
            Path dir = root.resolve(id);
            if (Files.exists(dir) || Files.exists(root.resolve(TRASH).resolve(id))) {
                continue;
            }
            Files.createDirectories(dir);
            String location = StoreFiles.fileUri(dir);
            MlflowYaml.write(dir.resolve(ExperimentMeta.META_FILE),
                    ExperimentMeta.newMeta(id, name, location, clock.millis()));
            return new ExperimentMeta(dir, id, name, ExperimentMeta.ACTIVE, Optional.of(location));
        }
        throw new IllegalStateException("no free experiment id after " + MAX_ID_ATTEMPTS + " attempts");
    }

    private FileStoreRun createRun(ExperimentMeta experiment, RunSpec spec) throws IOException {
        String location = experiment.artifactLocation().orElse(StoreFiles.fileUri(experiment.dir()));
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            String runId = ids.newRunId();
            Path runDir = experiment.dir().resolve(runId);
            try {
                Files.createDirectory(runDir);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            String artifactUri = stripTrailingSlash(location) + "/" + runId + "/artifacts";
            Path artifactsDir = StoreFiles.localPath(artifactUri).orElseThrow(() -> new IllegalStateException(
                    "experiment '" + experiment.name() + "' stores artifacts at " + location
                            + ", which is not a local file: URI"));
            long now = clock.millis();
            Map<String, Object> meta = new TreeMap<>();
            meta.put("artifact_uri", artifactUri);
            meta.put("deleted_time", null);
            meta.put("end_time", null);
            meta.put("entry_point_name", "");
            meta.put("experiment_id", experiment.id());
            meta.put("lifecycle_stage", ExperimentMeta.ACTIVE);
            meta.put("run_id", runId);
            meta.put("run_name", spec.runName());
            meta.put("run_uuid", runId);
            meta.put("source_name", "");
            meta.put("source_type", SOURCE_TYPE_LOCAL);
            meta.put("source_version", "");
            meta.put("start_time", now);
            meta.put("status", RunStatus.RUNNING.code());
            meta.put("tags", List.of());
            meta.put("user_id", spec.tags().getOrDefault("mlflow.user", System.getProperty("user.name", "")));
            MlflowYaml.write(runDir.resolve(ExperimentMeta.META_FILE), meta);
            Files.createDirectories(runDir.resolve("metrics"));
            Files.createDirectories(runDir.resolve("params"));
            Files.createDirectories(artifactsDir);
            FileStoreRun run = new FileStoreRun(runDir, runId, experiment.id(), artifactUri, artifactsDir, clock);
            Map<String, String> tags = new TreeMap<>(spec.tags());
            tags.put(FileStoreRun.RUN_NAME_TAG, spec.runName());
            run.writeTags(tags);
            run.claim();
            return run;
        }
        throw new IllegalStateException("no free run id after " + MAX_ID_ATTEMPTS + " attempts");
    }

    private static String stripTrailingSlash(String s) {
        String result = s;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
