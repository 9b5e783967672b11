package org.vsclab.train;

import java.util.Map;
import org.vsclab.spi.Matrix;

/**
 * The model evaluated on a data split: J samples, the run's selector, evaluation state (warm-ups at
 * their end values).
 *
 * @param metrics means over the split: loss, recon, kl, nonzero_frac, l0
 * @param codes one selected code per datum (N × K)
 */
public record Evaluation(Map<String, Double> metrics, Matrix codes) {}
