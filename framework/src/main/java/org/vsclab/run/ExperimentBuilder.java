package org.vsclab.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.components.StandardizedData;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.config.Settings;
import org.vsclab.family.Ramp;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.HeadProvider;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.Tracker;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.train.Adam;
import org.vsclab.train.CheckpointPolicy;
import org.vsclab.train.Engines;
import org.vsclab.train.LearningRateSchedule;
import org.vsclab.train.Optimizer;
import org.vsclab.train.SgdNesterov;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.TrainingPlan;

/**
 * Builds an {@link Experiment} from a configuration: every component is looked up by name in the
 * registry and validated here, so a bad name or value fails before any run is started.
 */
public final class ExperimentBuilder {

    private final ComponentRegistry registry;

    /**
     * Creates a builder.
     *
     * @param registry the loaded plugins
     */
    public ExperimentBuilder(ComponentRegistry registry) {
        this.registry = registry;
    }

    /**
     * Builds everything the configuration names.
     *
     * @param config the resolved configuration
     * @return the experiment; its manager must be closed by the caller
     */
    public Experiment build(ExperimentConfig config) {
        Settings root = config.settings();
        long seed = root.longValue("seed");
        Engines.requestThreads(root.integerAtLeast("threads", 0));
        Device device = device(root);
        Engines.seed(seed);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return build(config, root, manager, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private Experiment build(ExperimentConfig config, Settings root, NDManager manager, long seed) {
        Context context = new Context(root, manager);

        String dataName = root.string("data.source");
        DataSource data = StandardizedData.apply(context.build(ComponentKind.DATA_SOURCE, dataName, "data.source"), root);
        Shape sampleShape = data.train().sampleShape();
        if (data.validation().size() == 0 || data.train().size() == 0) {
            throw new ConfigError("data.source", "Data source '" + dataName + "' has " + data.train().size()
                    + " training and " + data.validation().size() + " validation samples; both splits need at least one.");
        }
        if (!data.validation().sampleShape().equals(sampleShape) || sampleShape.size() != data.train().dimension()) {
            throw new ConfigError("data.source", "Data source '" + dataName + "': the validation samples have shape "
                    + data.validation().sampleShape() + " but the training samples have " + sampleShape
                    + " (" + data.train().dimension() + " values).");
        }
        context.dataShape = sampleShape;
        context.dataDimension = (int) sampleShape.size();
        context.latentDimension = root.integerAtLeast("model.latent-dim", 1);

        String prior = root.string("model.prior");
        VariationalFamily family = context.build(ComponentKind.PRIOR, prior, "model.prior");
        context.heads = family.heads();
        String encoderName = root.string("model.encoder");
        checkHeads(prior, family, encoderName, root);
        Encoder encoder = context.build(ComponentKind.ENCODER, encoderName, "model.encoder");
        String generatorName = root.string("model.generator");
        Generator generator = context.build(ComponentKind.GENERATOR, generatorName, "model.generator");
        SampleSelector selector = context.build(ComponentKind.SELECTOR, root.string("model.selector"), "model.selector");
        checkShapes(sampleShape, dataName, encoderName, encoder.inputShape(), "input", "model.encoder", root);
        checkShapes(sampleShape, dataName, generatorName, generator.outputShape(), "output", "model.generator", root);

        SparseCodingModel model = SparseCodingModel.builder()
                .setEncoder(encoder).setFamily(family).setGenerator(generator).setSelector(selector)
                .setSampleShape(sampleShape)
                .optSamples(root.integerAtLeast("model.samples", 1))
                .optKlWeight(root.nonNegative("model.kl-weight"))
                .optKlAnnealing(Ramp.read(root.at("model.kl-annealing")))
                .optHostKernels(root.bool("model.host-kernels"))
                .build();

        List<MetricRunner.Selected> metrics = new ArrayList<>();
        for (String name : root.strings("evaluation.metrics")) {
            if (metrics.stream().anyMatch(m -> m.name().equals(name))) {
                throw root.invalid("evaluation.metrics", "a list of distinct metric names", root.strings("evaluation.metrics").toString());
            }
            metrics.add(new MetricRunner.Selected(name, context.build(ComponentKind.METRIC, name, "evaluation.metrics")));
        }
        int evaluationSamples = root.has("evaluation.samples")
                ? root.integerAtLeast("evaluation.samples", 1) : model.samples();

        int batchSize = root.integerAtLeast("data.batch-size", 1);
        int trainSize = data.train().size();
        if (batchSize > trainSize) {
            throw root.invalid("data.batch-size", "at most the training set size (" + trainSize + ")", String.valueOf(batchSize));
        }
        TrainingPlan plan = new TrainingPlan(root.integerAtLeast("train.epochs", 1), trainSize / batchSize, batchSize);
        Settings opt = root.at("train.optimizer");
        Optimizer optimizer = optimizer(opt, model);
        LearningRateSchedule schedule = switch (opt.oneOf("schedule", "one-cycle", "constant")) {
            case "one-cycle" -> LearningRateSchedule.oneCycle(opt.positive("learning-rate"));
            default -> LearningRateSchedule.constant(opt.positive("learning-rate"));
        };
        Settings checkpoint = root.at("train.checkpoint");
        CheckpointPolicy checkpoints = new CheckpointPolicy(checkpoint.integerAtLeast("every-epochs", 1),
                checkpoint.integerAtLeast("every-steps", 0), checkpoint.nonNegative("every-minutes"));

        RunSettings run = RunSettings.read(root, prior, seed);
        Tracker tracker = context.build(ComponentKind.TRACKER, trackerScheme(root), "tracking.uri");
        return new Experiment(config, manager, data, model, optimizer, schedule, plan, tracker, context.built, metrics,
                evaluationSamples, checkpoints, seed, run);
    }

    /**
     * Opens the tracking store a configuration names ({@code tracking.uri}), without building a model:
     * for listing and exporting runs.
     *
     * @param config the resolved configuration
     * @return the tracker
     */
    public Tracker openTracker(ExperimentConfig config) {
        Settings root = config.settings();
        return registry.build(ComponentKind.TRACKER, trackerScheme(root), "tracking.uri", new Context(root, null));
    }

    /**
     * Builds one component on its own, as a run would build it, for tests and benchmarks.
     *
     * @param config the resolved configuration (the component's settings come from its namespace)
     * @param kind the kind
     * @param name the registered name
     * @param manager owner of any arrays the component creates
     * @param dataDimension D
     * @param heads the heads the family needs (for encoders), or empty
     * @param <T> the product type
     * @return the component
     */
    public <T> T buildComponent(ExperimentConfig config, ComponentKind<T> kind, String name, NDManager manager,
            int dataDimension, List<HeadSpec> heads) {
        Context context = new Context(config.settings(), manager);
        context.dataDimension = dataDimension;
        context.dataShape = new Shape(dataDimension);
        context.latentDimension = config.settings().integerAtLeast("model.latent-dim", 1);
        context.heads = heads;
        return registry.build(kind, name, kind.selectedBy(), context);
    }

    private static Optimizer optimizer(Settings opt, SparseCodingModel model) {
        String type = opt.oneOf("type", "sgd-nesterov", "adam");
        double weightDecay = opt.nonNegative("weight-decay");
        if (type.equals("adam")) {
            List<Double> betas = opt.root().getDoubleList(opt.path("betas"));
            if (betas.size() != 2 || betas.stream().anyMatch(b -> b < 0 || b >= 1)) {
                throw opt.invalid("betas", "two numbers in [0, 1)", betas.toString());
            }
            return new Adam(model.trainableParameters(), betas.get(0), betas.get(1), opt.positive("epsilon"), weightDecay);
        }
        return new SgdNesterov(model.trainableParameters(), opt.nonNegative("momentum"), weightDecay);
    }

    /** Fails if a component declares a sample shape other than the data's. */
    private static void checkShapes(Shape data, String dataName, String component, Optional<Shape> declared,
            String which, String key, Settings root) {
        if (declared.isPresent() && !declared.get().equals(data)) {
            throw new ConfigError(key, "The " + key.substring(key.indexOf('.') + 1) + " '" + component + "' (" + key
                    + root.where(key) + ") takes samples of shape " + declared.get() + " as its " + which
                    + ", but the data source '" + dataName + "' (data.source" + root.where("data.source")
                    + ") gives samples of shape " + data + ". Choose a " + key.substring(key.indexOf('.') + 1)
                    + " for this data, or other data.");
        }
    }

    /** Fails if the chosen encoder cannot give a head the chosen family needs. */
    private void checkHeads(String prior, VariationalFamily family, String encoderName, Settings root) {
        var factory = registry.factory(ComponentKind.ENCODER, encoderName, "model.encoder");
        if (factory instanceof HeadProvider provider) {
            for (HeadSpec head : family.heads()) {
                if (!provider.provides(head)) {
                    throw new ConfigError("model.encoder", "The prior '" + prior + "' (model.prior" + root.where("model.prior")
                            + ") needs the head '" + head.name() + "' (" + head.description() + "), which the encoder '"
                            + encoderName + "' (model.encoder" + root.where("model.encoder") + ") cannot give; it gives "
                            + provider.providedHeads() + ". Choose another encoder or prior.");
                }
            }
        }
    }

    private static Device device(Settings root) {
        String name = root.string("device");
        try {
            return Engines.device(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("device", "Config key 'device'" + root.where("device") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the tracker scheme of {@code tracking.uri}: {@code file} for {@code file:} URIs and plain
     * paths, otherwise the URI's scheme (e.g. {@code http}).
     */
    static String trackerScheme(Settings root) {
        return trackerScheme(root.string("tracking.uri"));
    }

    /**
     * Returns the tracker scheme of a tracking URI: {@code file} for {@code file:} URIs and plain paths,
     * otherwise the URI's scheme (e.g. {@code http}).
     *
     * @param uri the tracking URI
     * @return the scheme, lower case
     */
    public static String trackerScheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 1) {
            return "file";
        }
        try {
            String scheme = URI.create(uri).getScheme();
            return scheme == null ? "file" : scheme.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The {@link BuildContext} filled in as components are built. */
    private final class Context implements BuildContext {
        private final Settings root;
        private final NDManager manager;
        private int dataDimension;
        private Shape dataShape = new Shape();
        private int latentDimension;
        private List<HeadSpec> heads = List.of();
        private final BuildRecord built = new BuildRecord();

        Context(Settings root, NDManager manager) {
            this.root = root;
            this.manager = manager;
        }

        @Override
        public int dataDimension() {
            return dataDimension;
        }

        @Override
        public Shape dataShape() {
            return dataShape;
        }

        @Override
        public int latentDimension() {
            return latentDimension;
        }

        @Override
        public List<HeadSpec> heads() {
            return heads;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public Settings root() {
            return root;
        }

        @Override
        public <T> T build(ComponentKind<T> kind, String name, String selectedBy) {
            T product = registry.build(kind, name, selectedBy, this);
            built.add(kind, name, selectedBy, registry.contribution(kind, name, selectedBy));
            return product;
        }
    }
}
