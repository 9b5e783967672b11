package org.vsclab.tracking.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.vsclab.cli.Vsc;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileRunCatalog;
import org.vsclab.tracking.FileStoreTracker;

/** What {@code vsc sync} and {@code vsc push} share: delivering local runs to a server and saying how it went. */
final class DeliveryCommands {

    private DeliveryCommands() {}

    /** Parses a wait such as {@code 10m}, {@code 90s}, {@code 1h}. */
    static Duration duration(String text) {
        try {
            String t = text.strip().toLowerCase(java.util.Locale.ROOT);
            if (t.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(t.replaceAll("\\D", ""));
                return t.endsWith("ms") ? Duration.ofMillis(n) : t.endsWith("s") ? Duration.ofSeconds(n)
                        : t.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("--wait: expected a duration such as 90s, 10m or 1h, got '" + text + "'");
        }
    }

    /** Opens a local store as a path or file: URI; fails if it does not exist. */
    static Path store(String uri) {
        Path root = FileStoreTracker.toPath(uri).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no local store at " + root + " (give it with --from or --outbox)");
        }
        return root;
    }

    /**
     * Delivers runs of a local store to one server, waiting at most {@code wait}, and prints one line.
     *
     * @return 0 if all arrived, {@link Vsc#FAILED} if some are still pending, {@link Vsc#USAGE} if the server refused
     */
    static int deliver(PrintWriter out, PrintWriter err, String target, Path store, List<String> runIds, Duration wait)
            throws IOException, InterruptedException {
        MlflowRest rest;
        try {
            rest = new MlflowRest(target, Credentials.fromEnvironment(System.getenv()), Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Vsc.USAGE;
        }
        try (ServerTracker tracker = new ServerTracker(rest, store, Duration.ofSeconds(1))) {
            Set<String> left = tracker.deliver(runIds, wait);
            int done = runIds.size() - left.size();
            if (tracker.refused()) {
                err.println("error: " + rest.uri() + " refused the credentials or permission (see the message above); "
                        + done + " of " + runIds.size() + " run(s) delivered");
                return Vsc.USAGE;
            }
            if (left.isEmpty()) {
                out.println(rest.uri() + ": " + done + " run(s) delivered");
                return 0;
            }
            out.println(rest.uri() + ": " + done + " of " + runIds.size() + " run(s) delivered; " + left.size()
                    + " still pending (" + String.join(", ", left) + "); they stay in " + store
                    + " and `vsc sync` delivers them later");
            return Vsc.FAILED;
        }
    }

    /** The incomplete runs of a store, by the server each is bound to, oldest first. */
    static Map<String, List<String>> pendingByTarget(Path store) throws IOException {
        FileRunCatalog catalog = new FileRunCatalog(store);
        List<RunSummary> runs = new ArrayList<>(catalog.runs(Optional.empty()));
        runs.sort(java.util.Comparator.comparingLong(RunSummary::startTime));
        Map<String, List<String>> pending = new TreeMap<>();
        for (RunSummary run : runs) {
            Optional<Path> dir = catalog.runDir(run);
            if (dir.isEmpty()) {
                continue;
            }
            for (String target : DeliveryState.targets(dir.get())) {
                if (!DeliveryState.of(dir.get(), target).complete()) {
                    pending.computeIfAbsent(target, t -> new ArrayList<>()).add(run.runId());
                }
            }
        }
        return pending;
    }
}
