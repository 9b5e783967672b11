package org.vsclab.spi;

import java.nio.file.Path;

/**
 * Where a {@link Metric} puts what it computed: scalars become run metrics at the step of the
 * evaluation, artifacts become run artifacts.
 */
public interface MetricSink {

    /**
     * Records a scalar.
     *
     * @param key the metric key, e.g. {@code dict/norm_mean} (MLflow's key rules)
     * @param value the value (NaN allowed: a metric that is undefined here)
     */
    void scalar(String key, double value);

    /**
     * Records an artifact, replacing any earlier one at that path.
     *
     * @param relativePath a '/'-separated path under the run's artifact root, e.g. {@code dictionary.png}
     * @param content the bytes
     */
    void artifact(String relativePath, byte[] content);

    /**
     * Records a file as an artifact (streamed).
     *
     * @param relativePath a '/'-separated path under the run's artifact root
     * @param file the file
     */
    void artifact(String relativePath, Path file);
}
