package org.vsclab.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.components.DictionaryMetric;
import org.vsclab.components.ValidationCodesMetric;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;
import org.vsclab.train.EpochReport;
import org.vsclab.train.RunInterruptedException;
import org.vsclab.train.StopSignal;
import org.vsclab.train.Trainer;
import org.vsclab.train.TrainingListener;
import org.vsclab.train.TrainingPosition;

/**
 * Runs one experiment end to end: build and validate every component, start a tracked run with its
 * parameters (the flattened configuration of what was built), provenance tags, {@code config.conf}
 * and {@code provenance.json}, checkpoint the initial state, train with tracking, metric and
 * checkpoint hooks, run the after-training metrics, and end the run FINISHED — or FAILED/KILLED with
 * everything logged so far flushed and the last checkpoint kept.
 *
 * <p>{@link #resume} continues a run that ended FAILED or KILLED, or whose process died, from its
 * last complete checkpoint, in the same tracking-store run: the configuration it recorded, the
 * arrays and position of the checkpoint, and the metric history cut back to the checkpoint. Because
 * every random stream derives from the seed and the position, the resumed run ends with the same
 * metrics and parameters, bit for bit, as if it had not been interrupted.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    /** The artifact holding the fully resolved configuration (what {@code vsc resume} rebuilds from). */
    public static final String CONFIG = "config.conf";
    /** The learned dictionary, D × K float64 (written by the {@code dictionary} metric). */
    public static final String DICTIONARY = DictionaryMetric.DICTIONARY;
    /** The learned atoms as an image grid (written by the {@code dictionary} metric). */
    public static final String DICTIONARY_IMAGE = DictionaryMetric.DICTIONARY_IMAGE;
    /** One selected code per validation datum, N × K float32 (written by the {@code codes} metric). */
    public static final String VALIDATION_CODES = ValidationCodesMetric.VALIDATION_CODES;
    /** Tag: how often the run was resumed. */
    public static final String RESUMED_TAG = "vsc.resumed";
    /** Tag: why a run ended FAILED or KILLED. */
    public static final String END_REASON_TAG = "vsc.end.reason";

    private final ComponentRegistry registry;
    private final List<TrainingListener> extraListeners;
    private final StopSignal stop;

    /**
     * Creates a runner.
     *
     * @param registry the loaded plugins
     * @param extraListeners listeners added after tracking (e.g. a progress bar)
     * @param stop checked after every step; a requested stop checkpoints and ends the run KILLED
     */
    public ExperimentRunner(ComponentRegistry registry, List<TrainingListener> extraListeners, StopSignal stop) {
        this.registry = registry;
        this.extraListeners = List.copyOf(extraListeners);
        this.stop = stop;
    }

    /**
     * Runs an experiment.
     *
     * @param config the resolved configuration
     * @return how the run finished
     * @throws ConfigError or {@link org.vsclab.plugin.UnknownComponentException} before any run is
     *     started, for bad configuration
     * @throws RunEndedException if the run started and then failed or was interrupted
     */
    public RunResult run(ExperimentConfig config) {
        return run(config, Map.of());
    }

    /**
     * Runs an experiment with extra tags (e.g. {@code mlflow.parentRunId} for a sweep's children).
     *
     * @param config the resolved configuration
     * @param extraTags tags added to the run's own
     * @return how the run finished
     */
    public RunResult run(ExperimentConfig config, Map<String, String> extraTags) {
        Experiment experiment = new ExperimentBuilder(registry).build(config);
        try (NDManager manager = experiment.manager(); Tracker tracker = experiment.tracker()) {
            RunSettings settings = experiment.run();
            Provenance.CodePart code = Provenance.code(experiment);
            Map<String, String> tags = new LinkedHashMap<>(Provenance.tags(experiment, code));
            tags.putAll(settings.userTags());
            tags.putAll(extraTags);
            TrackedRun run = tracker.startRun(new RunSpec(settings.experiment(), settings.runName(), tags));
            LOG.info("Run {} ({}) started in experiment '{}'", run.id(), settings.runName(), settings.experiment());
            byte[] configBytes = experiment.config().render().getBytes(StandardCharsets.UTF_8);
            Checkpointer checkpointer = new Checkpointer(run, Checkpoints.sha256(configBytes));
            try {
                run.logParams(params(experiment));
                Map<String, String> derived = new LinkedHashMap<>();
                experiment.model().family().derivedSettings().forEach((k, v) -> derived.put("derived.prior." + k, v));
                run.logParams(derived);
                run.logArtifact(CONFIG, configBytes);
                run.logArtifact(Provenance.ARTIFACT, Provenance.document(experiment, code, settings.runName(), configBytes));
            } catch (RuntimeException | Error e) {
                throw ended(run, RunStatus.FAILED, e, checkpointer);
            }
            return train(experiment, run, checkpointer, TrainingPosition.start());
        }
    }

    /**
     * Continues a run from its last complete checkpoint, in the same tracking-store run.
     *
     * @param tracker the store that holds the run
     * @param runIdOrPrefix the run's id, or a unique prefix of it
     * @return how the run finished
     * @throws ConfigError if the run cannot be resumed (unknown, finished, still running, no
     *     configuration or checkpoint), with what to do instead
     * @throws RunEndedException if the resumed run failed or was interrupted again
     */
    public RunResult resume(Tracker tracker, String runIdOrPrefix) {
        return resume(tracker, runIdOrPrefix, Map.of());
    }

    /**
     * Continues a run from its last complete checkpoint with extra tags (e.g. a sweep point's attempt).
     *
     * @param tracker the store that holds the run
     * @param runIdOrPrefix the run's id, or a unique prefix of it
     * @param extraTags tags set on the run when it is reopened
     * @return how the run finished
     */
    public RunResult resume(Tracker tracker, String runIdOrPrefix, Map<String, String> extraTags) {
        RunCatalog catalog = tracker.catalog();
        RunSummary summary;
        Optional<byte[]> configBytes;
        Optional<Checkpoints.Loaded> checkpoint;
        try {
            summary = catalog.find(runIdOrPrefix).orElseThrow(() -> new ConfigError("", "No run '" + runIdOrPrefix
                    + "' in " + tracker.uri() + "; `vsc runs` lists the runs (use --uri for another store)."));
            checkResumable(summary);
            configBytes = catalog.artifact(summary, CONFIG);
            checkpoint = Checkpoints.read(path -> catalog.artifact(summary, path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run " + runIdOrPrefix + " in " + tracker.uri() + ": " + e.getMessage(), e);
        }
        String id = summary.runId();
        if (configBytes.isEmpty()) {
            throw new ConfigError("", "Run " + id + " has no " + CONFIG + " artifact, so it cannot be rebuilt; it was not"
                    + " made by `vsc run`.");
        }
        if (checkpoint.isEmpty()) {
            throw new ConfigError("", "Run " + id + " has no complete checkpoint in checkpoints/ (it ended before its first"
                    + " one was written); start it again with `vsc run`.");
        }
        String configSha = Checkpoints.sha256(configBytes.get());
        if (checkpoint.get().manifest().configSha256() != null && !checkpoint.get().manifest().configSha256().equals(configSha)) {
            throw new ConfigError("", "Run " + id + "'s checkpoint was written for another configuration than its "
                    + CONFIG + " (SHA-256 " + checkpoint.get().manifest().configSha256() + " vs " + configSha
                    + "); the run's artifacts were changed by hand.");
        }
        ExperimentConfig config = recordedConfig(configBytes.get(), tracker.uri());
        Experiment experiment = new ExperimentBuilder(registry).build(config);
        try (NDManager manager = experiment.manager(); Tracker own = experiment.tracker()) {
            TrackedRun run = own.reopenRun(id, Optional.ofNullable(checkpoint.get().manifest().historyMark()));
            Checkpointer checkpointer = new Checkpointer(run, configSha);
            TrainingPosition position = checkpoint.get().manifest().position();
            try {
                int resumes = Integer.parseInt(summary.tags().getOrDefault(RESUMED_TAG, "0")) + 1;
                Map<String, String> tags = new LinkedHashMap<>(Provenance.processTags());
                tags.put(RESUMED_TAG, Integer.toString(resumes));
                tags.put(END_REASON_TAG, "");
                tags.putAll(extraTags);
                run.setTags(tags);
                Checkpoints.restore(checkpoint.get(), trainer(experiment, run, checkpointer, null).checkpointArrays());
            } catch (RuntimeException | Error e) {
                throw ended(run, RunStatus.FAILED, e, checkpointer);
            }
            LOG.info("Run {} resumed at step {} (epoch {}, batch {})", id, position.step(), position.epoch() + 1,
                    position.batch());
            return train(experiment, run, checkpointer, position);
        }
    }

    /**
     * Tells whether {@link #resume} can continue a run from where it stopped: it has its recorded
     * configuration and a complete checkpoint (a run without one can only be started again).
     *
     * @param catalog the store's catalog
     * @param run the run
     * @return whether it has both
     * @throws IOException if the store cannot be read
     */
    public static boolean hasCheckpoint(RunCatalog catalog, RunSummary run) throws IOException {
        return catalog.artifact(run, CONFIG).isPresent() && Checkpoints.read(path -> catalog.artifact(run, path)).isPresent();
    }

    private static void checkResumable(RunSummary summary) {
        if (summary.status() == RunStatus.FINISHED) {
            throw new ConfigError("", "Run " + summary.runId() + " is FINISHED; there is nothing to resume.");
        }
        if (summary.status() == RunStatus.RUNNING) {
            String host = summary.tags().get(Provenance.HOST_TAG);
            String pid = summary.tags().get(Provenance.PID_TAG);
            if (host != null && pid != null && host.equals(Provenance.processTags().get(Provenance.HOST_TAG))
                    && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                throw new ConfigError("", "Run " + summary.runId() + " is still running (process " + pid + " on " + host
                        + "); stop it first (Ctrl-C or kill " + pid + "), then resume it.");
            }
        }
    }

    /** Loads the configuration a run recorded, against today's references, in the store it was found in. */
    private ExperimentConfig recordedConfig(byte[] bytes, String trackingUri) {
        try {
            Path file = Files.createTempFile("vsc-resume", ".conf");
            try {
                Files.write(file, bytes);
                ExperimentConfig loaded = new ConfigLoader(registry.classLoader()).load(Optional.of(file),
                        List.of("tracking.uri=" + trackingUri));
                return new ExperimentConfig(loaded.resolved(), Optional.empty(), List.of());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the recorded configuration: " + e.getMessage(), e);
        }
    }

    private Trainer trainer(Experiment experiment, TrackedRun run, Checkpointer checkpointer, List<TrainingListener> listeners) {
        MetricRunner metrics = new MetricRunner(experiment.metrics(), run, experiment.manager(), experiment.seed(),
                experiment.plan().batchSize());
        return Trainer.builder()
                .setModel(experiment.model()).setOptimizer(experiment.optimizer()).setSchedule(experiment.schedule())
                .setPlan(experiment.plan()).setManager(experiment.manager())
                .optSeed(experiment.seed()).optEvaluationSamples(experiment.evaluationSamples())
                .optEpochMetrics(List.of(metrics))
                .optListeners(listeners == null ? List.of() : listeners)
                .optStop(stop)
                .optCheckpoints(checkpointer, experiment.checkpoints())
                .build();
    }

    private RunResult train(Experiment experiment, TrackedRun run, Checkpointer checkpointer, TrainingPosition from) {
        RunSettings settings = experiment.run();
        TrackingListener tracking = new TrackingListener(run, settings.logEvery());
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(tracking);
        listeners.addAll(extraListeners);
        try {
            Trainer trainer = trainer(experiment, run, checkpointer, listeners);
            if (from.step() == 0 && from.epoch() == 0 && from.batch() == 0) {
                checkpointer.save(from, trainer.checkpointArrays());
            }
            EpochReport last = trainer.fit(experiment.data(), from);
            MetricRunner metrics = new MetricRunner(experiment.metrics(), run, experiment.manager(), experiment.seed(),
                    experiment.plan().batchSize());
            Map<String, Double> after = metrics.afterTraining(experiment.model().withSamples(experiment.evaluationSamples()),
                    experiment.data(), last.validation(), last.clock());
            if (!after.isEmpty()) {
                run.logMetrics(after, experiment.plan().totalSteps());
            }
            run.flush();
            run.end(RunStatus.FINISHED);
            Map<String, Double> result = new LinkedHashMap<>(tracking.lastEpoch());
            if (result.isEmpty()) {
                last.validation().metrics().forEach((k, v) -> result.put(MetricKeys.VALIDATION + k, v));
            }
            result.putAll(after);
            return new RunResult(run.id(), run.experimentId(), settings.runName(), RunStatus.FINISHED, result, run.artifactUri());
        } catch (RunInterruptedException e) {
            throw ended(run, RunStatus.KILLED, e, checkpointer);
        } catch (RuntimeException | Error e) {
            throw ended(run, RunStatus.FAILED, e, checkpointer);
        }
    }

    /** Ends a run FAILED or KILLED with the reason as a tag, keeping the original failure as the cause. */
    private static RunEndedException ended(TrackedRun run, RunStatus status, Throwable cause, Checkpointer checkpointer) {
        try {
            String message = String.valueOf(cause.getMessage());
            run.setTags(Map.of(END_REASON_TAG, message.length() > 4000 ? message.substring(0, 4000) : message));
            run.flush();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            try {
                run.end(status);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        return new RunEndedException(run.id(), status, run.artifactUri(), checkpointer.last(), cause);
    }

    /**
     * The run parameters: the flattened configuration without the settings of implementations that
     * were not built (the chosen prior's settings are kept, other priors' are not), and without what
     * does not describe the run: free-form tags, the sweep grid, and how sweeps launch ({@code launchers}).
     */
    static SortedMap<String, String> params(Experiment experiment) {
        Set<String> namespaces = Set.copyOf(ComponentKind.ALL.stream().map(ComponentKind::namespace).toList());
        return experiment.config().flatten(key -> {
            String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (first.equals("tags") || first.equals("sweep") || first.equals("launchers")) {
                return false;
            }
            if (!namespaces.contains(first)) {
                return true;
            }
            String rest = key.substring(first.length() + 1);
            String implementation = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            return experiment.built().built(first + "." + implementation);
        });
    }
}
