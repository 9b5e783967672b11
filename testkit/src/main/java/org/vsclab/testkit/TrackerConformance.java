package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.ArtifactEntry;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunPage;
import org.vsclab.spi.RunQuery;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.spi.Tracker;

/**
 * The contract every {@link Tracker} keeps, run against the local FileStore and a real MLflow server
 * alike: a run id at once; params, metric histories (steps, order, NaN), tags, artifacts (bytes and
 * streamed files, listed by folder) and the final status read back as written; nested runs found by
 * {@code tags.mlflow.parentRunId}; MLflow's filter syntax, order and paging; a reopened run's history
 * cut back at its mark with no duplicates; write-once params.
 *
 * <p>Extend it and say how to open the tracker:
 *
 * <pre>{@code
 * class MyTrackerConformanceTest extends TrackerConformance {
 *     protected Tracker openTracker(Path scratch) { return new MyTracker(...); }
 * }
 * }</pre>
 *
 * Every test uses its own experiment name, so a shared server may be used. A run is read back after
 * {@link Tracker#close()}, through a newly opened tracker's catalog, by the id its run had.
 */
public abstract class TrackerConformance {

    /** A folder of the test's own (for a local store or a write-ahead store). */
    @TempDir
    protected Path scratch;

    /**
     * Opens the tracker under test. Called several times per test; trackers opened in one test must
     * see the same store.
     *
     * @param scratch the test's own folder
     * @return a tracker
     * @throws Exception if it cannot be opened
     */
    protected abstract Tracker openTracker(Path scratch) throws Exception;

    private final String experiment = "conformance-" + UUID.randomUUID();

    private RunCatalog reader() throws Exception {
        return openTracker(scratch).catalog();
    }

    private RunSummary readBack(String runId) throws Exception {
        return reader().find(runId).orElseThrow(() -> new AssertionError("run " + runId + " not found after close()"));
    }

    @Test
    void aRunReadsBackAsWritten() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            params.put("group/p" + i, "value " + i);
        }
        Path file = scratch.resolve("weights.bin");
        byte[] weights = new byte[200_000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 7 + 3);
        }
        Files.write(file, weights);
        String runId;
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun run = tracker.startRun(new RunSpec(experiment, "round-trip", Map.of("team", "vision")));
            runId = run.id();
            assertThat(runId).as("a run id at once").isNotBlank();
            run.logParams(params);
            for (int step = 0; step < 1200; step++) {
                run.logMetrics(Map.of("train/loss", 1.0 / (step + 1)), step);
            }
            run.logMetrics(Map.of("val/loss", 0.25, "val/nan", Double.NaN), 1199);
            run.setTags(Map.of("note", "first"));
            run.setTags(Map.of("note", "second"));
            run.logArtifact("config.conf", "seed = 1\n".getBytes(StandardCharsets.UTF_8));
            run.logArtifact("checkpoints/last/weights.bin", file);
            run.end(RunStatus.FINISHED);
        }
        RunCatalog catalog = reader();
        RunSummary run = readBack(runId);
        assertThat(run.experimentName()).isEqualTo(experiment);
        assertThat(run.runName()).isEqualTo("round-trip");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.endTime()).hasValueSatisfying(end -> assertThat(end).isGreaterThanOrEqualTo(run.startTime()));
        assertThat(run.params()).isEqualTo(params);
        assertThat(run.tags()).containsEntry("team", "vision").containsEntry("note", "second")
                .containsEntry("mlflow.runName", "round-trip");
        assertThat(run.metrics()).containsEntry("val/loss", 0.25).containsEntry("train/loss", 1.0 / 1200);
        assertThat(run.metrics().get("val/nan")).isNaN();
        List<MetricPoint> history = catalog.metricHistory(run, "train/loss");
        assertThat(history).hasSize(1200);
        for (int step = 0; step < 1200; step++) {
            assertThat(history.get(step).step()).isEqualTo(step);
            assertThat(history.get(step).value()).isEqualTo(1.0 / (step + 1));
        }
        assertThat(catalog.metricHistory(run, "no/such/metric")).isEmpty();
        assertThat(catalog.artifacts(run, "")).extracting(ArtifactEntry::path).contains("config.conf", "checkpoints");
        assertThat(catalog.artifacts(run, "checkpoints/last"))
                .containsExactly(new ArtifactEntry("checkpoints/last/weights.bin", false, weights.length));
        assertThat(catalog.artifact(run, "checkpoints/last/weights.bin")).hasValue(weights);
        assertThat(catalog.artifact(run, "config.conf")).hasValue("seed = 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(catalog.artifact(run, "no-such-file")).isEmpty();
    }

    @Test
    void failedAndKilledRunsSayWhy() throws Exception {
        String failed;
        String killed;
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun a = tracker.startRun(new RunSpec(experiment, "fails", Map.of()));
            a.setTags(Map.of("vsc.end.reason", "non-finite loss at step 7"));
            a.end(RunStatus.FAILED);
            failed = a.id();
            TrackedRun b = tracker.startRun(new RunSpec(experiment, "killed", Map.of()));
            b.end(RunStatus.KILLED);
            killed = b.id();
        }
        assertThat(readBack(failed).status()).isEqualTo(RunStatus.FAILED);
        assertThat(readBack(failed).tags()).containsEntry("vsc.end.reason", "non-finite loss at step 7");
        assertThat(readBack(killed).status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void paramsAreWriteOnce() throws Exception {
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun run = tracker.startRun(new RunSpec(experiment, "params", Map.of()));
            run.logParams(Map.of("lr", "0.1"));
            run.logParams(Map.of("lr", "0.1"));
            assertThatThrownBy(() -> run.logParams(Map.of("lr", "0.2"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lr");
            run.end(RunStatus.FINISHED);
        }
    }

    @Test
    void searchesFilterOrderAndPageAsMlflowDoes() throws Exception {
        String parentId;
        List<String> ids = new ArrayList<>();
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun parent = tracker.startRun(new RunSpec(experiment, "sweep", Map.of()));
            parentId = parent.id();
            for (int i = 0; i < 5; i++) {
                TrackedRun child = tracker.startRun(new RunSpec(experiment, "point-" + i,
                        Map.of("mlflow.parentRunId", parentId)));
                child.logParams(Map.of("parity", i % 2 == 0 ? "even" : "odd", "model.prior", "prior-" + i));
                child.logMetrics(Map.of("val/loss", (double) i), 10);
                child.end(RunStatus.FINISHED);
                ids.add(child.id());
            }
            parent.end(RunStatus.FINISHED);
        }
        RunCatalog catalog = reader();
        String remoteParent = readBack(parentId).runId();
        RunQuery inExperiment = RunQuery.all().inExperiments(experiment);
        assertThat(names(catalog.search(inExperiment.filter("tags.mlflow.parentRunId = '" + remoteParent + "'")).runs()))
                .containsExactlyInAnyOrder("point-0", "point-1", "point-2", "point-3", "point-4");
        assertThat(names(catalog.search(inExperiment.filter("metrics.`val/loss` < 3 and params.parity = 'even'")).runs()))
                .containsExactlyInAnyOrder("point-0", "point-2");
        assertThat(names(catalog.search(inExperiment.filter("params.`model.prior` LIKE 'prior-%' and metrics.`val/loss` >= 3")
                .orderBy("metrics.`val/loss` DESC")).runs())).containsExactly("point-4", "point-3");
        assertThat(names(catalog.search(inExperiment.filter("attributes.run_name = 'sweep'")).runs())).containsExactly("sweep");
        List<String> paged = new ArrayList<>();
        RunQuery query = inExperiment.filter("params.parity != ''").orderBy("metrics.`val/loss` ASC").maxResults(2);
        int pages = 0;
        while (true) {
            RunPage page = catalog.search(query);
            assertThat(page.runs()).hasSizeLessThanOrEqualTo(2);
            paged.addAll(names(page.runs()));
            pages++;
            if (page.nextPageToken().isEmpty()) {
                break;
            }
            query = query.page(page.nextPageToken().get());
        }
        assertThat(paged).containsExactly("point-0", "point-1", "point-2", "point-3", "point-4");
        assertThat(pages).isEqualTo(3);
        assertThat(catalog.runs(Optional.of(experiment))).hasSize(6);
        assertThat(catalog.search(RunQuery.all().inExperiments("no-such-experiment-" + UUID.randomUUID())).runs()).isEmpty();
    }

    @Test
    void aReopenedRunContinuesWithoutDuplicatingItsHistory() throws Exception {
        String runId;
        String mark;
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun run = tracker.startRun(new RunSpec(experiment, "resumed", Map.of()));
            runId = run.id();
            for (int step = 0; step <= 5; step++) {
                run.logMetrics(Map.of("loss", step * 0.5), step);
            }
            mark = run.historyMark();                          // a checkpoint at step 5
            for (int step = 6; step < 9; step++) {             // logged, then the process is killed
                run.logMetrics(Map.of("loss", step * 0.5), step);
            }
            run.end(RunStatus.KILLED);
        }
        try (Tracker tracker = openTracker(scratch)) {
            TrackedRun run = tracker.reopenRun(runId, Optional.of(mark));
            assertThat(run.id()).isEqualTo(runId);
            for (int step = 6; step < 12; step++) {            // the resumed run logs the same values again
                run.logMetrics(Map.of("loss", step * 0.5), step);
            }
            run.end(RunStatus.FINISHED);
        }
        RunSummary run = readBack(runId);
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        List<MetricPoint> history = reader().metricHistory(run, "loss");
        assertThat(history).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(history).allSatisfy(p -> assertThat(p.value()).isEqualTo(p.step() * 0.5));
    }

    private static List<String> names(List<RunSummary> runs) {
        return runs.stream().map(RunSummary::runName).toList();
    }
}
