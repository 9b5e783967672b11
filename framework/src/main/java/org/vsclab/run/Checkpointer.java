package org.vsclab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.vsclab.spi.Param;
import org.vsclab.spi.TrackedRun;
import org.vsclab.train.CheckpointSink;
import org.vsclab.train.TrainingPosition;

/**
 * Saves the trainer's checkpoints as artifacts of the tracked run ({@link Checkpoints}): in the run's
 * local artifact root when the tracker has one, else written to a temporary folder and logged file by
 * file. Each checkpoint records the tracker's history mark, so a resumed run's metric history
 * continues exactly where the checkpoint was taken.
 */
final class Checkpointer implements CheckpointSink {

    private final TrackedRun run;
    private final String configSha256;
    private Optional<TrainingPosition> last = Optional.empty();

    /**
     * Creates the sink.
     *
     * @param run the tracked run whose artifacts hold the checkpoints
     * @param configSha256 the SHA-256 of the run's resolved configuration, recorded in each manifest
     */
    Checkpointer(TrackedRun run, String configSha256) {
        this.run = run;
        this.configSha256 = configSha256;
    }

    @Override
    public void save(TrainingPosition position, List<Param> arrays) {
        String mark = run.historyMark();
        Optional<Path> root = run.localArtifactRoot();
        if (root.isPresent()) {
            Checkpoints.write(root.get(), position, arrays, mark, configSha256);
        } else {
            logThroughTracker(position, arrays, mark);
        }
        last = Optional.of(position);
    }

    private void logThroughTracker(TrainingPosition position, List<Param> arrays, String mark) {
        try {
            Path staging = Files.createTempDirectory("vsc-checkpoint");
            try {
                Checkpoints.write(staging, position, arrays, mark, configSha256);
                Path folder = staging.resolve(Checkpoints.FOLDER).resolve(Checkpoints.LAST);
                try (Stream<Path> files = Files.list(folder)) {
                    List<Path> sorted = files.sorted((a, b) -> a.getFileName().toString().equals(Checkpoints.MANIFEST) ? 1
                            : b.getFileName().toString().equals(Checkpoints.MANIFEST) ? -1 : a.compareTo(b)).toList();
                    for (Path f : sorted) {
                        run.logArtifact(Checkpoints.FOLDER + "/" + Checkpoints.LAST + "/" + f.getFileName(), f);
                    }
                }
            } finally {
                try (Stream<Path> walk = Files.walk(staging)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a checkpoint: " + e.getMessage(), e);
        }
    }

    /** Returns the position of the last checkpoint written, if any. */
    Optional<TrainingPosition> last() {
        return last;
    }
}
