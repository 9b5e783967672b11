package org.vsclab.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A recorded run as read back from a store.
 *
 * @param runId the run's id
 * @param experimentId its experiment's id
 * @param experimentName its experiment's name
 * @param runName its display name
 * @param status its status
 * @param startTime epoch milliseconds
 * @param endTime epoch milliseconds, absent while running
 * @param params its parameters
 * @param metrics each metric's latest value (MLflow's rule: the entry with the largest step, then timestamp)
 * @param tags its tags
 * @param lost for a RUNNING run whose process died, why it is known to be lost (e.g. "process 4242
 *     on node7 is gone"); empty otherwise, and for stores that cannot tell
 */
public record RunSummary(
        String runId,
        String experimentId,
        String experimentName,
        String runName,
        RunStatus status,
        long startTime,
        Optional<Long> endTime,
        Map<String, String> params,
        Map<String, Double> metrics,
        Map<String, String> tags,
        Optional<String> lost) {

    /** A run whose liveness is not known (as read from a store without heartbeats). */
    public RunSummary(String runId, String experimentId, String experimentName, String runName, RunStatus status,
            long startTime, Optional<Long> endTime, Map<String, String> params, Map<String, Double> metrics,
            Map<String, String> tags) {
        this(runId, experimentId, experimentName, runName, status, startTime, endTime, params, metrics, tags,
                Optional.empty());
    }

    /** Returns the id of the run's parent (MLflow's {@code mlflow.parentRunId} tag), if it is a child run. */
    public Optional<String> parentRunId() {
        return Optional.ofNullable(tags.get("mlflow.parentRunId"));
    }
}
