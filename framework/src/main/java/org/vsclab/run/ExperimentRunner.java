package org.vsclab.run;

import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.config.Settings;
import org.vsclab.io.AtomGridImage;
import org.vsclab.io.Npy;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;
import org.vsclab.train.EpochMetric;
import org.vsclab.train.EpochReport;
import org.vsclab.train.RunInterruptedException;
import org.vsclab.train.StopSignal;
import org.vsclab.train.Trainer;
import org.vsclab.train.TrainingListener;

/**
 * Runs one experiment end to end: build and validate every component, start a tracked run with its
 * parameters (the flattened configuration), provenance tags and {@code config.conf}, train with
 * tracking and checkpoint listeners, write the final artifacts ({@code dictionary.npy},
 * {@code dictionary.png}, {@code val_codes.npy}), and end the run FINISHED — or FAILED/KILLED with
 * everything logged so far flushed and the last checkpoint kept.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    /** Artifact names of a finished run. */
    public static final String CONFIG = "config.conf";
    /** The learned dictionary, D × K float64. */
    public static final String DICTIONARY = "dictionary.npy";
    /** The learned atoms as an image grid. */
    public static final String DICTIONARY_IMAGE = "dictionary.png";
    /** One selected code per validation datum, N × K float32. */
    public static final String VALIDATION_CODES = "val_codes.npy";

    private final ComponentRegistry registry;
    private final List<TrainingListener> extraListeners;
    private final StopSignal stop;

    /**
     * Creates a runner.
     *
     * @param registry the loaded plugins
     * @param extraListeners listeners added after tracking and checkpoints (e.g. a progress bar)
     * @param stop checked after every step; a requested stop ends the run KILLED
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
     * @throws org.vsclab.config.ConfigError or {@link org.vsclab.plugin.UnknownComponentException} before
     *     any run is started, for bad configuration
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
        try (NDManager manager = experiment.manager()) {
            return track(experiment, extraTags);
        }
    }

    private RunResult track(Experiment experiment, Map<String, String> extraTags) {
        RunSettings settings = experiment.run();
        String runName = settings.runName();
        Map<String, String> tags = new LinkedHashMap<>(Provenance.tags(experiment, registry));
        tags.putAll(settings.userTags());
        tags.putAll(extraTags);
        TrackedRun run = experiment.tracker().startRun(new RunSpec(settings.experiment(), runName, tags));
        LOG.info("Run {} ({}) started in experiment '{}'", run.id(), runName, settings.experiment());
        Checkpointer checkpointer = new Checkpointer(run);
        try {
            run.logParams(params(experiment));
            Map<String, String> derived = new LinkedHashMap<>();
            experiment.model().family().derivedSettings().forEach((k, v) -> derived.put("derived.prior." + k, v));
            run.logParams(derived);
            run.logArtifact(CONFIG, experiment.config().render().getBytes(StandardCharsets.UTF_8));
            TrackingListener tracking = new TrackingListener(run, settings.logEvery());
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(tracking);
            listeners.add(checkpointer);
            listeners.addAll(extraListeners);
            List<EpochMetric> epochMetrics = List.of(new DictionaryMetrics(
                    experiment.data().trueDictionary(), settings.atomMatchCosine()));
            Trainer trainer = new Trainer(experiment.model(), experiment.optimizer(), experiment.schedule(),
                    experiment.plan(), experiment.manager(), experiment.seed(), epochMetrics, listeners, stop);
            EpochReport last = trainer.fit(experiment.data());
            writeFinalArtifacts(run, experiment, last);
            run.end(RunStatus.FINISHED);
            return new RunResult(run.id(), run.experimentId(), runName, RunStatus.FINISHED, tracking.lastEpoch(),
                    run.artifactUri());
        } catch (RunInterruptedException e) {
            end(run, RunStatus.KILLED, e);
            throw new RunEndedException(run.id(), RunStatus.KILLED, run.artifactUri(), checkpointer.lastEpoch(), e);
        } catch (RuntimeException | Error e) {
            end(run, RunStatus.FAILED, e);
            throw new RunEndedException(run.id(), RunStatus.FAILED, run.artifactUri(), checkpointer.lastEpoch(), e);
        }
    }

    private static void end(TrackedRun run, RunStatus status, Throwable cause) {
        try {
            String message = String.valueOf(cause.getMessage());
            run.setTags(Map.of("vsc.end.reason", message.length() > 4000 ? message.substring(0, 4000) : message));
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
    }

    private static void writeFinalArtifacts(TrackedRun run, Experiment experiment, EpochReport last) {
        experiment.model().generator().dictionary().ifPresent(phi -> {
            run.logArtifact(DICTIONARY, Npy.toBytes(phi));
            run.logArtifact(DICTIONARY_IMAGE, AtomGridImage.png(phi, 4));
        });
        Matrix codes = last.validation().codes();
        float[] values = new float[codes.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) codes.data()[i];
        }
        run.logArtifact(VALIDATION_CODES, Npy.toBytes(values, codes.rows(), codes.cols()));
        run.flush();
    }

    /**
     * The run parameters: the flattened configuration without the settings of implementations that
     * were not chosen (the chosen prior's settings are kept, other priors' are not).
     */
    private static SortedMap<String, String> params(Experiment experiment) {
        Settings root = experiment.config().settings();
        Map<String, String> chosen = new LinkedHashMap<>();
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            String selected = experiment.selections().get(kind.name());
            if (selected != null) {
                chosen.put(kind.namespace(), selected);
            }
        }
        String prior = experiment.selections().get("prior");
        root.optionalString("priors." + prior + ".estimator").ifPresent(e -> chosen.put(ComponentKind.ESTIMATOR.namespace(), e));
        Set<String> namespaces = Set.copyOf(ComponentKind.ALL.stream().map(ComponentKind::namespace).toList());
        return experiment.config().flatten(key -> {
            String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (first.equals("tags")) {
                return false;
            }
            if (!namespaces.contains(first)) {
                return true;
            }
            String rest = key.substring(first.length() + 1);
            String implementation = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            return implementation.equals(chosen.get(first));
        });
    }
}
