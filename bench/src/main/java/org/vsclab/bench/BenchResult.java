package org.vsclab.bench;

import java.util.Map;

/**
 * What a benchmark measured.
 *
 * @param summary one line, starting with the workload's name
 * @param figures every figure by name (e.g. {@code median_ms}, {@code gflops}, {@code peak_rss_mb})
 */
public record BenchResult(String summary, Map<String, Double> figures) {

    /** Copies the figures. */
    public BenchResult {
        figures = Map.copyOf(figures);
    }
}
