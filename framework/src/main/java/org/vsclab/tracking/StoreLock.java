package org.vsclab.tracking;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The write lock of one store root, held while experiments are looked up and created, so that
 * several threads and several processes creating the same experiment at once make exactly one.
 * Threads of one JVM queue on a monitor; processes on an OS file lock of {@code <root>/.vsc-lock}
 * (a file, which MLflow ignores: it lists only folders).
 */
final class StoreLock {

    /** The lock file's name in the store root. */
    static final String FILE = ".vsc-lock";

    /** One monitor per root: {@link FileChannel#lock} is per process, so threads must queue first. */
    private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /** An action on the store that may fail with an I/O error. */
    @FunctionalInterface
    interface StoreAction<T> {
        T run() throws IOException;
    }

    private StoreLock() {}

    /**
     * Runs an action holding the root's lock (creating the root folder if needed).
     *
     * @param root the store root (absolute, normalised)
     * @param action what to do
     * @return the action's result
     * @throws IOException if the lock cannot be taken or the action fails
     */
    static <T> T holding(Path root, StoreAction<T> action) throws IOException {
        synchronized (MONITORS.computeIfAbsent(root, r -> new Object())) {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(root.resolve(FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return action.run();
            }
        }
    }
}
