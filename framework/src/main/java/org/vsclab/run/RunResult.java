package org.vsclab.run;

import java.util.Map;
import org.vsclab.spi.RunStatus;

/**
 * How a run ended.
 *
 * @param runId the tracked run's id
 * @param experimentId its experiment's id
 * @param runName its display name
 * @param status FINISHED, FAILED or KILLED
 * @param metrics the final epoch's metrics (validation, dictionary, training means), by tracked key
 * @param artifactUri where its artifacts are
 */
public record RunResult(
        String runId, String experimentId, String runName, RunStatus status, Map<String, Double> metrics,
        String artifactUri) {}
