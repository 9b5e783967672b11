package org.vsclab.tracking.server;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How far one local run has been delivered to one server, kept beside the run in the write-ahead
 * store ({@code <run>/.vsc/delivery/<hash of the server URI>.properties}, written atomically after
 * every request that succeeded): the server's experiment and run ids, the byte offset up to which
 * each metric file was delivered, the params, tag values and artifacts sent, and the status.
 *
 * <p>Deliveries of one run are exclusive across processes and threads ({@link #lock}), so the
 * deliverer of a running {@code vsc run} and a {@code vsc sync} never send the same points twice.
 */
final class DeliveryState {

    private static final String DIR = ".vsc/delivery";

    private final Path file;
    private final Properties props = new Properties();

    private DeliveryState(Path file) {
        this.file = file;
    }

    /** The state of a run for a server: loaded if it exists, else new (bound once saved). */
    static DeliveryState of(Path runDir, String target) throws IOException {
        DeliveryState state = new DeliveryState(runDir.resolve(DIR).resolve(hash(target) + ".properties"));
        if (Files.exists(state.file)) {
            try (Reader in = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                state.props.load(in);
            }
        } else {
            state.props.setProperty("target", target);
        }
        return state;
    }

    /** Tells whether a run is bound to a server (has a saved state for it). */
    static boolean isBound(Path runDir, String target) {
        return Files.exists(runDir.resolve(DIR).resolve(hash(target) + ".properties"));
    }

    /** Returns the servers a run is bound to. */
    static List<String> targets(Path runDir) throws IOException {
        List<String> targets = new ArrayList<>();
        Path dir = runDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return targets;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path f : files) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                if (p.getProperty("target") != null) {
                    targets.add(p.getProperty("target"));
                }
            }
        }
        return targets;
    }

    /**
     * Takes the exclusive right to deliver this run, if no other thread or process has it.
     *
     * @return a lock to close when done, or empty if the run is being delivered elsewhere
     */
    Optional<AutoCloseable> lock() throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(() -> {
                lock.release();
                channel.close();
            });
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    /** Writes the state atomically. */
    void save() throws IOException {
        StringWriter text = new StringWriter();
        props.store(text, null);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text.toString(), StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    String target() {
        return props.getProperty("target");
    }

    Optional<String> experimentId() {
        return Optional.ofNullable(props.getProperty("experiment-id"));
    }

    void experimentId(String id) {
        props.setProperty("experiment-id", id);
    }

    Optional<String> remoteRunId() {
        return Optional.ofNullable(props.getProperty("run-id"));
    }

    Optional<String> artifactUri() {
        return Optional.ofNullable(props.getProperty("artifact-uri"));
    }

    void remoteRun(String runId, String artifactUri) {
        props.setProperty("run-id", runId);
        props.setProperty("artifact-uri", artifactUri);
    }

    long metricOffset(String key) {
        return Long.parseLong(props.getProperty("metric." + key, "0"));
    }

    void metricOffset(String key, long offset) {
        props.setProperty("metric." + key, Long.toString(offset));
    }

    /** Every metric key with a recorded offset. */
    Map<String, Long> metricOffsets() {
        Map<String, Long> offsets = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("metric.")) {
                offsets.put(name.substring(7), Long.parseLong(props.getProperty(name)));
            }
        }
        return offsets;
    }

    boolean isParamSent(String key) {
        return props.containsKey("param." + key);
    }

    void markParamSent(String key, String value) {
        props.setProperty("param." + key, hash(value));
    }

    boolean isTagSent(String key, String value) {
        return hash(value).equals(props.getProperty("tag." + key));
    }

    void markTagSent(String key, String value) {
        props.setProperty("tag." + key, hash(value));
    }

    boolean isArtifactSent(String path, String version) {
        return version.equals(props.getProperty("artifact." + path));
    }

    void markArtifactSent(String path, String version) {
        props.setProperty("artifact." + path, version);
    }

    /** The status last sent ({@code <code>:<end time>}), or "". */
    String statusSent() {
        return props.getProperty("status", "");
    }

    void statusSent(String status) {
        props.setProperty("status", status);
    }

    /** Keys whose history was cut back by a reopen: their points at steps the server has are skipped. */
    boolean resumed(String key) {
        return props.containsKey("resumed." + key);
    }

    void resumed(String key, boolean value) {
        if (value) {
            props.setProperty("resumed." + key, "true");
        } else {
            props.remove("resumed." + key);
        }
    }

    boolean complete() {
        return Boolean.parseBoolean(props.getProperty("complete", "false"));
    }

    void complete(boolean value) {
        props.setProperty("complete", Boolean.toString(value));
    }

    /** A permanent delivery error of this run (the server rejected it), or empty. */
    Optional<String> error() {
        return Optional.ofNullable(props.getProperty("error"));
    }

    void error(Optional<String> message) {
        message.ifPresentOrElse(m -> props.setProperty("error", m), () -> props.remove("error"));
    }

    static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
