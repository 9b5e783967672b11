package org.vsclab.tracking;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Who is writing a run: the host, the process id and its start time, recorded in the run's {@code
 * .vsc/owner} file when the run starts (or is reopened), plus a heartbeat, the modification time of
 * {@code .vsc/heartbeat}, renewed every {@link #HEARTBEAT} while the run is open. A RUNNING run is
 * <em>lost</em> when its owner on this host is gone (no such process, or the pid was reused), or, for
 * an owner on another host (a cluster's shared file system), when its heartbeat is older than {@link
 * #LOST_AFTER}. Runs without an owner file (written by MLflow or older VSC Lab) are never called lost.
 *
 * <p>The {@code .vsc/} folder inside a run folder is VSC Lab's own; MLflow reads only {@code
 * meta.yaml}, {@code metrics}, {@code params}, {@code tags} and {@code artifacts} there.
 *
 * @param host the host name
 * @param pid the process id
 * @param processStart the process's start time, to tell a reused pid apart
 */
record RunOwner(String host, long pid, Instant processStart) {

    /** VSC Lab's folder inside a run folder. */
    static final String DIR = ".vsc";

    /** How often an open run renews its heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** A run on another host whose heartbeat is older than this is lost. */
    static final Duration LOST_AFTER = HEARTBEAT.multipliedBy(8);

    private static final String OWNER_FILE = "owner";
    private static final String HEARTBEAT_FILE = "heartbeat";

    /** The owner that this process is. */
    static RunOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new RunOwner(hostName(), self.pid(), self.info().startInstant().orElse(Instant.EPOCH));
    }

    /** Writes this owner and a first heartbeat into a run folder. */
    void writeTo(Path runDir) throws IOException {
        String text = "host=" + host + "\npid=" + pid + "\nprocess-start=" + processStart.toEpochMilli() + "\n";
        StoreFiles.writeAtomically(runDir.resolve(DIR).resolve(OWNER_FILE), text);
        beat(runDir);
    }

    /** Renews the heartbeat of a run folder. */
    static void beat(Path runDir) throws IOException {
        Path file = runDir.resolve(DIR).resolve(HEARTBEAT_FILE);
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[0]);
        }
    }

    /** Reads the owner of a run folder; empty if it has none (or it is unreadable). */
    static Optional<RunOwner> read(Path runDir) {
        Path file = runDir.resolve(DIR).resolve(OWNER_FILE);
        try {
            Optional<String> text = StoreFiles.readString(file);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(new StringReader(text.get()));
            return Optional.of(new RunOwner(p.getProperty("host", ""), Long.parseLong(p.getProperty("pid", "-1").strip()),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("process-start", "0").strip()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Returns the last heartbeat of a run folder, if it has one. */
    static Optional<Instant> lastHeartbeat(Path runDir) {
        try {
            return Optional.of(Files.getLastModifiedTime(runDir.resolve(DIR).resolve(HEARTBEAT_FILE)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells why a RUNNING run in this folder is lost, or empty if its owner may still be alive.
     *
     * @param runDir the run's folder
     * @param now the current time
     * @return the reason, e.g. "process 4242 on node7 is gone"
     */
    static Optional<String> lostReason(Path runDir, Instant now) {
        Optional<RunOwner> owner = read(runDir);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        RunOwner o = owner.get();
        if (o.host().equals(hostName())) {
            Optional<ProcessHandle> process = ProcessHandle.of(o.pid());
            boolean alive = process.isPresent() && process.get().isAlive()
                    && process.get().info().startInstant().map(s -> sameMillis(s, o.processStart())).orElse(true);
            return alive ? Optional.empty() : Optional.of("process " + o.pid() + " on " + o.host() + " is gone");
        }
        Optional<Instant> beat = lastHeartbeat(runDir);
        if (beat.isPresent() && Duration.between(beat.get(), now).compareTo(LOST_AFTER) <= 0) {
            return Optional.empty();
        }
        return Optional.of("no heartbeat from process " + o.pid() + " on " + o.host() + " since "
                + beat.map(Instant::toString).orElse("it started"));
    }

    private static boolean sameMillis(Instant a, Instant b) {
        return a.toEpochMilli() == b.toEpochMilli();
    }

    /** This machine's host name: /proc's, $HOSTNAME, or the resolver's. */
    static String hostName() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                String name = Files.readString(proc, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
