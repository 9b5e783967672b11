package org.vsclab.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.io.NpyFormatException;
import org.vsclab.spi.Param;
import org.vsclab.train.TrainingPosition;

/**
 * The checkpoint folders of a run, under its artifact root:
 *
 * <pre>
 *   checkpoints/last/        the latest complete checkpoint: one .npy per array, then checkpoint.json
 *   checkpoints/previous/    the one before, kept only while a new one is moved into place
 *   checkpoints/.incoming/   a checkpoint being written
 * </pre>
 *
 * <p>A checkpoint is written into {@code .incoming/}, each file forced to disk, the manifest
 * ({@code checkpoint.json}: position, history mark, every array's name, type, shape and SHA-256) last;
 * then {@code last/} becomes {@code previous/}, {@code .incoming/} becomes {@code last/} (directory
 * renames, atomic on POSIX file systems), and {@code previous/} is removed. A process killed at any
 * moment leaves at least one complete checkpoint: readers take the first of {@code last/},
 * {@code .incoming/}, {@code previous/} whose manifest is present and whose files match it.
 */
final class Checkpoints {

    /** Artifact folder of the checkpoints. */
    static final String FOLDER = "checkpoints";
    /** The latest complete checkpoint. */
    static final String LAST = "last";
    /** The checkpoint being written. */
    static final String INCOMING = ".incoming";
    /** The checkpoint before {@link #LAST}, while it is replaced. */
    static final String PREVIOUS = "previous";
    /** The manifest, written last. */
    static final String MANIFEST = "checkpoint.json";
    /** Where readers look, in order. */
    static final List<String> CANDIDATES = List.of(LAST, INCOMING, PREVIOUS);

    private static final String FORMAT = "vsc-lab/checkpoint";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private Checkpoints() {}

    /**
     * One array of a checkpoint.
     *
     * @param name the array's name (e.g. {@code encoder.trunk.0.weight})
     * @param file its file in the checkpoint folder
     * @param dtype {@code float32} or {@code float64}
     * @param shape its shape
     * @param sha256 the file's SHA-256
     */
    record ArrayEntry(String name, String file, String dtype, long[] shape, String sha256) {}

    /**
     * A checkpoint's manifest.
     *
     * @param format {@value #FORMAT}
     * @param version the format version
     * @param step steps taken
     * @param epoch the epoch of the next step
     * @param batch the next batch within that epoch
     * @param epochSums the step metrics summed over the epoch so far
     * @param historyMark the tracker's mark of the metric history at the checkpoint
     * @param configSha256 the SHA-256 of the run's resolved configuration
     * @param created epoch milliseconds
     * @param arrays every array
     */
    record Manifest(String format, int version, long step, int epoch, int batch, Map<String, Double> epochSums,
            String historyMark, String configSha256, long created, List<ArrayEntry> arrays) {

        TrainingPosition position() {
            return new TrainingPosition(step, epoch, batch, epochSums == null ? Map.of() : epochSums);
        }
    }

    /**
     * Writes a checkpoint atomically (see the class comment).
     *
     * @param root the run's local artifact root
     * @param position where training stands
     * @param arrays the arrays to save
     * @param historyMark the tracker's mark of the history so far
     * @param configSha256 the SHA-256 of the run's resolved configuration
     * @throws UncheckedIOException if the folder cannot be written (the previous checkpoint is kept)
     */
    static void write(Path root, TrainingPosition position, List<Param> arrays, String historyMark, String configSha256) {
        Path folder = root.resolve(FOLDER);
        Path incoming = folder.resolve(INCOMING);
        try {
            // A process killed between its two renames left the newest checkpoint in .incoming/: keep it.
            if (!Files.exists(folder.resolve(LAST)) && Files.isRegularFile(incoming.resolve(MANIFEST))) {
                Files.move(incoming, folder.resolve(LAST), StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(incoming);
            Files.createDirectories(incoming);
            List<ArrayEntry> entries = new ArrayList<>();
            for (Param p : arrays) {
                NDArray a = p.value();
                long[] shape = a.getShape().getShape();
                int[] intShape = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
                byte[] bytes;
                String dtype;
                if (a.getDataType() == DataType.FLOAT64) {
                    bytes = Npy.toBytes(a.toDoubleArray(), intShape);
                    dtype = "float64";
                } else if (a.getDataType() == DataType.FLOAT32) {
                    bytes = Npy.toBytes(a.toFloatArray(), intShape);
                    dtype = "float32";
                } else {
                    throw new IllegalStateException("cannot checkpoint " + p.name() + " of type " + a.getDataType()
                            + "; state arrays must be float32 or float64");
                }
                String file = p.name() + ".npy";
                writeDurably(incoming.resolve(file), bytes);
                entries.add(new ArrayEntry(p.name(), file, dtype, shape, sha256(bytes)));
            }
            Manifest manifest = new Manifest(FORMAT, VERSION, position.step(), position.epoch(), position.batch(),
                    new LinkedHashMap<>(position.epochSums()), historyMark, configSha256, System.currentTimeMillis(), entries);
            writeDurably(incoming.resolve(MANIFEST), GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8));
            Path last = folder.resolve(LAST);
            Path previous = folder.resolve(PREVIOUS);
            deleteTree(previous);
            if (Files.exists(last)) {
                Files.move(last, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(incoming, last, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(folder);
            deleteTree(previous);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint under " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * A checkpoint read back.
     *
     * @param folder where it was found (last, .incoming or previous)
     * @param manifest its manifest
     * @param arrays its arrays by name
     */
    record Loaded(String folder, Manifest manifest, Map<String, NpyArray> arrays) {}

    /**
     * Reads the newest complete checkpoint of a run.
     *
     * @param artifact reads one artifact of the run by relative path (empty if absent)
     * @return the checkpoint, or empty if the run has no complete one
     * @throws IOException if the store cannot be read
     */
    static Optional<Loaded> read(ArtifactReader artifact) throws IOException {
        for (String candidate : CANDIDATES) {
            String base = FOLDER + "/" + candidate + "/";
            Optional<byte[]> json = artifact.read(base + MANIFEST);
            if (json.isEmpty()) {
                continue;
            }
            Manifest manifest;
            try {
                manifest = GSON.fromJson(new String(json.get(), StandardCharsets.UTF_8), Manifest.class);
            } catch (JsonParseException e) {
                continue;
            }
            if (manifest == null || !FORMAT.equals(manifest.format()) || manifest.arrays() == null) {
                continue;
            }
            if (manifest.version() > VERSION) {
                throw new IOException("the checkpoint in " + base + " has format version " + manifest.version()
                        + ", newer than this VSC Lab reads (" + VERSION + "); resume it with a newer VSC Lab");
            }
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            boolean complete = true;
            for (ArrayEntry e : manifest.arrays()) {
                Optional<byte[]> bytes = artifact.read(base + e.file());
                if (bytes.isEmpty() || !sha256(bytes.get()).equals(e.sha256())) {
                    complete = false;
                    break;
                }
                try {
                    arrays.put(e.name(), Npy.read(bytes.get(), base + e.file()));
                } catch (NpyFormatException ex) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                return Optional.of(new Loaded(candidate, manifest, arrays));
            }
        }
        return Optional.empty();
    }

    /** Reads one artifact of a run. */
    @FunctionalInterface
    interface ArtifactReader {
        /**
         * Reads an artifact.
         *
         * @param relativePath its path under the run's artifact root
         * @return its bytes, or empty if absent
         * @throws IOException if the store cannot be read
         */
        Optional<byte[]> read(String relativePath) throws IOException;
    }

    /**
     * Copies a checkpoint's arrays into the live arrays of a model and optimiser, in place.
     *
     * @param loaded the checkpoint
     * @param targets every array the run needs, by name
     * @throws IllegalStateException naming the arrays if the checkpoint does not fit the model
     */
    static void restore(Loaded loaded, List<Param> targets) {
        List<String> problems = new ArrayList<>();
        for (Param target : targets) {
            NpyArray saved = loaded.arrays().get(target.name());
            if (saved == null) {
                problems.add(target.name() + " is missing");
                continue;
            }
            long[] shape = target.value().getShape().getShape();
            if (!Arrays.equals(saved.shape(), shape)) {
                problems.add(target.name() + " has shape " + Arrays.toString(saved.shape()) + ", the model's is "
                        + Arrays.toString(shape));
                continue;
            }
            DataType type = target.value().getDataType();
            if (type == DataType.FLOAT64) {
                target.value().set(DoubleBuffer.wrap(saved.toDoubles()));
            } else {
                target.value().set(FloatBuffer.wrap(saved.toFloats()));
            }
        }
        for (String name : loaded.arrays().keySet()) {
            if (targets.stream().noneMatch(t -> t.name().equals(name))) {
                problems.add(name + " is in the checkpoint but not in the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The checkpoint (" + FOLDER + "/" + loaded.folder() + ") does not fit the model"
                    + " this run's configuration builds: " + String.join("; ", problems)
                    + ". Was a plugin changed since the run started?");
        }
    }

    /** Returns the hex SHA-256 of some bytes. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system syncs directories; the renames themselves are atomic.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
