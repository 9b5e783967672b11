package org.vsclab.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.vsclab.io.Npy;
import org.vsclab.spi.Param;
import org.vsclab.spi.TrackedRun;
import org.vsclab.train.EpochReport;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.TrainingListener;

/**
 * Saves the model after every epoch as run artifacts under {@code checkpoints/last/} (one
 * {@code .npy} per array, plus {@code checkpoint.conf} with the epoch and step), replacing the
 * previous one. A failed or interrupted run therefore keeps its last completed epoch.
 */
final class Checkpointer implements TrainingListener {

    /** Artifact folder of the latest checkpoint. */
    static final String FOLDER = "checkpoints/last/";

    private final TrackedRun run;
    private java.util.OptionalInt lastEpoch = java.util.OptionalInt.empty();

    /**
     * Creates the listener.
     *
     * @param run the tracked run whose artifacts hold the checkpoint
     */
    Checkpointer(TrackedRun run) {
        this.run = run;
    }

    @Override
    public void onEpochEnd(EpochReport report, SparseCodingModel model) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Param p : model.checkpointState()) {
                run.logArtifact(FOLDER + p.name() + ".npy", toNpy(p.value()));
            }
        }
        String info = "epoch = " + report.clock().epoch() + "\nstep = " + report.clock().step() + "\n";
        run.logArtifact(FOLDER + "checkpoint.conf", info.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        lastEpoch = java.util.OptionalInt.of(report.clock().epoch());
    }

    /** Returns the epoch of the last checkpoint written, if any. */
    java.util.OptionalInt lastEpoch() {
        return lastEpoch;
    }

    /**
     * Serialises an array as {@code .npy} bytes (float64 stays float64, everything else float32).
     *
     * @param array the array
     * @return the file's bytes
     */
    static byte[] toNpy(NDArray array) {
        int[] shape = new int[array.getShape().dimension()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) array.getShape().get(i);
        }
        if (array.getDataType() == DataType.FLOAT64) {
            return Npy.toBytes(array.toDoubleArray(), shape);
        }
        return Npy.toBytes(array.toType(DataType.FLOAT32, false).toFloatArray(), shape);
    }
}
