package org.vsclab.spi;

import java.util.Map;

/**
 * What a tracker needs to start a run.
 *
 * @param experiment the experiment's name; created if absent
 * @param runName the run's display name (MLflow's {@code mlflow.runName})
 * @param tags tags set at creation (system tags such as {@code mlflow.user} included)
 */
public record RunSpec(String experiment, String runName, Map<String, String> tags) {

    /** Copies the tags. */
    public RunSpec {
        tags = Map.copyOf(tags);
    }
}
