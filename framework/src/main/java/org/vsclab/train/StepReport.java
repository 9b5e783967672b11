package org.vsclab.train;

import java.util.Map;
import org.vsclab.spi.TrainingClock;

/**
 * What one training step produced.
 *
 * @param clock where the run is (the step just taken)
 * @param metrics the step's scalar metrics ({@link ForwardPass#metrics()} plus {@code lr})
 */
public record StepReport(TrainingClock clock, Map<String, Double> metrics) {}
