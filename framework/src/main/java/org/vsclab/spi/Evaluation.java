package org.vsclab.spi;

import java.util.Map;

/**
 * A model evaluated on a data split: J samples per datum, the run's selector, evaluation state
 * (warm-ups at their end values).
 *
 * @param metrics means over the split: {@code loss}, {@code recon}, {@code kl}, {@code nonzero_frac},
 *     {@code l0} and the family's diagnostics
 * @param codes one selected code per datum (N × K)
 */
public record Evaluation(Map<String, Double> metrics, Matrix codes) {

    /** Copies the metrics. */
    public Evaluation {
        metrics = Map.copyOf(metrics);
    }
}
