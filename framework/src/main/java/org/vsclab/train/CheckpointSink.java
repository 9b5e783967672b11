package org.vsclab.train;

import java.util.List;
import org.vsclab.spi.Param;

/** Receives the trainer's checkpoints: everything the run's future depends on, at a position. */
@FunctionalInterface
public interface CheckpointSink {

    /**
     * Saves a checkpoint.
     *
     * @param position where training stands (the next step, epoch and batch)
     * @param arrays every array to restore, with stable names (model state, then {@code optimizer.*})
     */
    void save(TrainingPosition position, List<Param> arrays);
}
