package org.vsclab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileStoreTracker;

/** Test access to a sweep's FileStore: its parent, its children, waiting for a condition. */
final class SweepStore {

    private final Path root;

    SweepStore(Path root) {
        this.root = root;
    }

    String uri() {
        return root.toString();
    }

    List<RunSummary> runs() {
        if (!Files.exists(root)) {
            return List.of();
        }
        try {
            return FileStoreTracker.open(root.toString()).catalog().runs(Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RunSummary parent() {
        List<RunSummary> parents = runs().stream().filter(r -> r.tags().containsKey(SweepTags.SWEEP_ID)).toList();
        if (parents.size() != 1) {
            throw new AssertionError("expected one sweep parent, found " + parents.size());
        }
        return parents.get(0);
    }

    List<RunSummary> children() {
        return runs().stream().filter(r -> r.tags().containsKey(SweepTags.PARENT)).toList();
    }

    RunSummary run(String id) {
        return runs().stream().filter(r -> r.runId().equals(id)).findFirst().orElseThrow();
    }

    /** Waits until some run satisfies a condition; returns it. */
    RunSummary await(Predicate<RunSummary> condition, Duration max, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunSummary> found = runs().stream().filter(condition).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what + "; runs: "
                + runs().stream().map(r -> r.runName() + " " + r.status() + " " + r.metrics().keySet().size()).toList());
    }

    /** The file of one of a parent run's artifacts. */
    Path parentArtifact(String parentId, String path) {
        RunSummary parent = run(parentId);
        return root.resolve(parent.experimentId()).resolve(parentId).resolve("artifacts").resolve(path);
    }

    /** The step of a run's latest complete checkpoint, or -1. */
    long checkpointStep(RunSummary run) {
        Path manifest = root.resolve(run.experimentId()).resolve(run.runId()).resolve("artifacts/checkpoints/last/checkpoint.json");
        try {
            if (!Files.exists(manifest)) {
                return -1;
            }
            return com.google.gson.JsonParser.parseString(Files.readString(manifest)).getAsJsonObject().get("step").getAsLong();
        } catch (IOException | RuntimeException e) {
            return -1;                                      // being replaced
        }
    }

    /** The number of recorded values of a metric. */
    long historyLength(RunSummary run, String metric) throws IOException {
        try (var lines = Files.lines(root.resolve(run.experimentId()).resolve(run.runId()).resolve("metrics").resolve(metric))) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
