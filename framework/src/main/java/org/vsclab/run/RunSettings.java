package org.vsclab.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.tracking.MlflowLimits;

/**
 * The tracking settings of a run, validated before anything is recorded.
 *
 * @param experiment the MLflow experiment name
 * @param runName the run's display name
 * @param userTags the free-form tags of {@code tags { }}
 * @param logEvery steps between step-metric records
 */
public record RunSettings(String experiment, String runName, Map<String, String> userTags, int logEvery) {

    /**
     * Reads and validates the settings.
     *
     * @param root the whole configuration
     * @param prior the chosen prior's name (for the default run name)
     * @param seed the run's seed (for the default run name)
     * @return the settings
     */
    static RunSettings read(Settings root, String prior, long seed) {
        String experiment = root.string("experiment");
        if (experiment.isBlank() || experiment.length() > MlflowLimits.MAX_EXPERIMENT_NAME_LENGTH) {
            throw root.invalid("experiment", "a non-empty name of at most " + MlflowLimits.MAX_EXPERIMENT_NAME_LENGTH
                    + " characters", '"' + experiment + '"');
        }
        String runName = root.optionalString("run-name").orElse(prior + "-seed" + seed);
        if (runName.isBlank()) {
            throw root.invalid("run-name", "a non-empty name, or null for the default", "\"\"");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (root.has("tags")) {
            root.root().getObject("tags").forEach((key, value) -> {
                try {
                    MlflowLimits.validateKey("tag", key);
                } catch (IllegalArgumentException e) {
                    throw new ConfigError("tags." + key, "Config key 'tags' " + root.where("tags") + ": " + e.getMessage());
                }
                tags.put(key, String.valueOf(value.unwrapped()));
            });
        }
        return new RunSettings(experiment, runName, tags, root.integerAtLeast("tracking.log-every", 1));
    }
}
