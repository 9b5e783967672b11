package org.vsclab.sweep;

import java.util.Optional;
import org.vsclab.spi.RunSummary;

/**
 * A point's reconciled state.
 *
 * @param point the point
 * @param state what became of it
 * @param run its run (the finished one, else the newest), if it has one
 * @param attempts how often it was launched
 * @param detail where it stands for the scheduler or why it ended, e.g. "Slurm 12_3 PENDING (Priority)"
 */
public record PointStatus(SweepPoint point, PointState state, Optional<RunSummary> run, int attempts, String detail) {}
