package org.vsclab.plugin;

import java.util.List;
import java.util.Objects;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.GradientEstimator;
import org.vsclab.spi.Metric;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.Tracker;
import org.vsclab.spi.VariationalFamily;

/**
 * A kind of pluggable component: its product type, the config namespace holding each
 * implementation's settings ({@code <namespace>.<name>}), and the key that picks one.
 *
 * @param <T> the product type
 */
public final class ComponentKind<T> {

    /** Variational families with their priors, picked by {@code model.prior}. */
    public static final ComponentKind<VariationalFamily> PRIOR =
            new ComponentKind<>("prior", VariationalFamily.class, "priors", "model.prior");

    /** Inference networks, picked by {@code model.encoder}. */
    public static final ComponentKind<Encoder> ENCODER =
            new ComponentKind<>("encoder", Encoder.class, "encoders", "model.encoder");

    /** Generators, picked by {@code model.generator}. */
    public static final ComponentKind<Generator> GENERATOR =
            new ComponentKind<>("generator", Generator.class, "generators", "model.generator");

    /** Gradient estimators, picked by each family's {@code estimator} key. */
    public static final ComponentKind<GradientEstimator> ESTIMATOR =
            new ComponentKind<>("estimator", GradientEstimator.class, "estimators", "priors.<name>.estimator");

    /** Sample selectors, picked by {@code model.selector}. */
    public static final ComponentKind<SampleSelector> SELECTOR =
            new ComponentKind<>("selector", SampleSelector.class, "selectors", "model.selector");

    /** Data sources, picked by {@code data.source}. */
    public static final ComponentKind<DataSource> DATA_SOURCE =
            new ComponentKind<>("data-source", DataSource.class, "data-sources", "data.source");

    /** Tracking stores, picked by the scheme of {@code tracking.uri}. */
    public static final ComponentKind<Tracker> TRACKER =
            new ComponentKind<>("tracker", Tracker.class, "trackers", "tracking.uri (its scheme)");

    /** Metrics and artifacts of a model, picked by the list {@code evaluation.metrics}. */
    public static final ComponentKind<Metric> METRIC =
            new ComponentKind<>("metric", Metric.class, "metrics", "evaluation.metrics");

    /** All kinds, in the order {@code vsc plugins} lists them. */
    public static final List<ComponentKind<?>> ALL =
            List.of(PRIOR, ESTIMATOR, SELECTOR, ENCODER, GENERATOR, DATA_SOURCE, METRIC, TRACKER);

    private final String name;
    private final Class<T> type;
    private final String namespace;
    private final String selectedBy;

    private ComponentKind(String name, Class<T> type, String namespace, String selectedBy) {
        this.name = name;
        this.type = type;
        this.namespace = namespace;
        this.selectedBy = selectedBy;
    }

    /** Returns the kind's name, e.g. {@code prior}. */
    public String name() {
        return name;
    }

    /** Returns the product type. */
    public Class<T> type() {
        return type;
    }

    /** Returns the config namespace of implementation settings, e.g. {@code priors}. */
    public String namespace() {
        return namespace;
    }

    /** Returns the config key (or rule) that picks an implementation, for messages. */
    public String selectedBy() {
        return selectedBy;
    }

    /**
     * Returns the config path of one implementation's settings.
     *
     * @param implementation the implementation's registered name
     * @return e.g. {@code priors.thresholded-laplacian}
     */
    public String settingsPath(String implementation) {
        return namespace + "." + implementation;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentKind<?> k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
