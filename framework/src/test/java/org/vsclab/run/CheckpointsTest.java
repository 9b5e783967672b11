package org.vsclab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.Param;
import org.vsclab.testing.TestEngine;
import org.vsclab.train.TrainingPosition;

/**
 * The checkpoint folder survives a process killed at any moment of a write: whatever state the folders
 * are left in, a reader finds a complete checkpoint, never a mixture of two.
 */
class CheckpointsTest {

    @TempDir
    Path root;

    private Optional<Checkpoints.Loaded> read() throws Exception {
        return Checkpoints.read(path -> {
            Path file = root.resolve(path);
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        });
    }

    private void write(NDManager manager, long step, float value) {
        List<Param> arrays = List.of(new Param("w", manager.full(new Shape(2, 3), value)),
                new Param("phi", manager.full(new Shape(4), value, DataType.FLOAT64)));
        Checkpoints.write(root, new TrainingPosition(step, 0, (int) step, Map.of("loss", 1.5)), arrays, "mark-" + step, "sha");
    }

    private Path folder(String name) {
        return root.resolve(Checkpoints.FOLDER).resolve(name);
    }

    @Test
    void aWrittenCheckpointReadsBackWithItsPositionAndMarkAndReplacesThePrevious() throws Exception {
        try (NDManager manager = TestEngine.manager(1)) {
            write(manager, 3, 1f);
            write(manager, 7, 2f);
            Checkpoints.Loaded loaded = read().orElseThrow();
            assertThat(loaded.folder()).isEqualTo(Checkpoints.LAST);
            assertThat(loaded.manifest().position()).isEqualTo(new TrainingPosition(7, 0, 7, Map.of("loss", 1.5)));
            assertThat(loaded.manifest().historyMark()).isEqualTo("mark-7");
            assertThat(loaded.arrays().get("w").toFloats()).containsOnly(2f);
            assertThat(loaded.arrays().get("phi").toDoubles()).containsOnly(2.0);
            assertThat(folder(Checkpoints.PREVIOUS)).doesNotExist();
            assertThat(folder(Checkpoints.INCOMING)).doesNotExist();
        }
    }

    @Test
    void killedAfterLastWasMovedAsideTheCompleteIncomingOneIsRead() throws Exception {
        try (NDManager manager = TestEngine.manager(1)) {
            write(manager, 3, 1f);
            Path saved = Files.createTempDirectory("vsc-checkpoint-3");
            copy(folder(Checkpoints.LAST), saved);
            write(manager, 7, 2f);
            // The state between "last → previous" and ".incoming → last": previous/ old, .incoming/ new, no last/.
            Files.move(folder(Checkpoints.LAST), folder(Checkpoints.INCOMING), StandardCopyOption.ATOMIC_MOVE);
            copy(saved, folder(Checkpoints.PREVIOUS));
            Checkpoints.Loaded loaded = read().orElseThrow();
            assertThat(loaded.folder()).isEqualTo(Checkpoints.INCOMING);
            assertThat(loaded.manifest().step()).isEqualTo(7);
            // The next checkpoint keeps that one as its previous, never the older one.
            write(manager, 9, 3f);
            assertThat(read().orElseThrow().manifest().step()).isEqualTo(9);
        }
    }

    @Test
    void killedWhileWritingTheIncomingOneTheLastCompleteOneIsRead() throws Exception {
        try (NDManager manager = TestEngine.manager(1)) {
            write(manager, 3, 1f);
            write(manager, 7, 2f);
            Files.createDirectories(folder(Checkpoints.INCOMING));
            Files.write(folder(Checkpoints.INCOMING).resolve("w.npy"), new byte[] {1, 2, 3});   // no manifest yet
            Checkpoints.Loaded loaded = read().orElseThrow();
            assertThat(loaded.folder()).isEqualTo(Checkpoints.LAST);
            assertThat(loaded.manifest().step()).isEqualTo(7);
        }
    }

    @Test
    void aCheckpointWhoseFileDoesNotMatchItsManifestIsSkipped() throws Exception {
        try (NDManager manager = TestEngine.manager(1)) {
            write(manager, 3, 1f);
            Path saved = Files.createTempDirectory("vsc-checkpoint-3");
            copy(folder(Checkpoints.LAST), saved);
            write(manager, 7, 2f);
            copy(saved, folder(Checkpoints.PREVIOUS));   // as if killed before previous/ was removed
            // last/ is damaged on disk (a half-synced file): its hash no longer matches the manifest.
            Files.write(folder(Checkpoints.LAST).resolve("w.npy"), new byte[] {0});
            Checkpoints.Loaded loaded = read().orElseThrow();
            assertThat(loaded.folder()).isEqualTo(Checkpoints.PREVIOUS);
            assertThat(loaded.manifest().step()).isEqualTo(3);
        }
    }

    @Test
    void restoringWritesIntoTheLiveArraysAndRefusesACheckpointOfAnotherModel() throws Exception {
        try (NDManager manager = TestEngine.manager(1)) {
            write(manager, 3, 4f);
            NDArray w = manager.zeros(new Shape(2, 3));
            NDArray phi = manager.zeros(new Shape(4), DataType.FLOAT64);
            Checkpoints.restore(read().orElseThrow(), List.of(new Param("w", w), new Param("phi", phi)));
            assertThat(w.toFloatArray()).containsOnly(4f);
            assertThat(phi.toDoubleArray()).containsOnly(4.0);
            NDArray wider = manager.zeros(new Shape(2, 4));
            assertThatThrownBy(() -> Checkpoints.restore(read().orElseThrow(), List.of(new Param("w", wider),
                    new Param("phi", phi), new Param("extra", manager.zeros(new Shape(1))))))
                    .hasMessageContaining("w has shape [2, 3], the model's is [2, 4]")
                    .hasMessageContaining("extra is missing");
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
