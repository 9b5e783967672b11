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
        Map<String, String> tags) {}
