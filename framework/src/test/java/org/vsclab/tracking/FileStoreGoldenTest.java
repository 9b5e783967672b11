package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vsclab.tracking.TestStores.T0;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;

/**
 * Golden-file test: a run written with a fixed clock and fixed ids must reproduce the checked-in
 * tree {@code golden/mlruns/} byte for byte (listed, empty folders included, in {@code
 * golden/mlruns.tree.txt}). {@code ${ROOT}} in golden files stands for the store root as written in
 * {@code file://} URIs.
 */
class FileStoreGoldenTest {

    static final String EXPERIMENT_ID = "123456789012345678";
    static final String RUN_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path tmp;

    @Test
    void producedTreeMatchesGoldenTree() throws Exception {
        Path root = tmp.resolve("mlruns");
        writeGoldenScenario(root);

        Path golden = goldenRoot();
        List<String> expectedPaths = Files.readAllLines(goldenManifest(), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .collect(Collectors.toList());
        assertThat(listTree(root)).containsExactlyElementsOf(new TreeSet<>(expectedPaths));
        // The manifest and the golden folder agree on the files.
        assertThat(listTree(golden).stream().filter(p -> !p.endsWith("/")))
                .containsExactlyElementsOf(expectedPaths.stream().filter(p -> !p.endsWith("/")).sorted().toList());

        String rootInUri = StoreFiles.fileUri(root).substring("file://".length());
        for (String path : expectedPaths) {
            if (path.endsWith("/")) {
                continue;
            }
            String expected = Files.readString(golden.resolve(path), StandardCharsets.UTF_8)
                    .replace("${ROOT}", rootInUri);
            byte[] actual = Files.readAllBytes(root.resolve(path));
            assertThat(new String(actual, StandardCharsets.UTF_8)).as(path).isEqualTo(expected);
            assertThat(actual).as(path + " (bytes)").isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void runMetaMatchesTheExampleOfTheSpecFieldForField() throws Exception {
        Path root = tmp.resolve("store");
        writeGoldenScenario(root);
        String rootInUri = StoreFiles.fileUri(root).substring("file://".length());
        String meta = Files.readString(root.resolve(EXPERIMENT_ID).resolve(RUN_ID).resolve("meta.yaml"));
        // mlflow.md §2.4, with /abs/path/mlruns replaced by this store's root.
        String example = """
                artifact_uri: file:///abs/path/mlruns/123456789012345678/0f1e2d3c4b5a69788796a5b4c3d2e1f0/artifacts
                deleted_time: null
                end_time: 1764230460000
                entry_point_name: ''
                experiment_id: '123456789012345678'
                lifecycle_stage: active
                run_id: 0f1e2d3c4b5a69788796a5b4c3d2e1f0
                run_name: thresh-laplacian-seed0
                run_uuid: 0f1e2d3c4b5a69788796a5b4c3d2e1f0
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: 1764230400000
                status: 3
                tags: []
                user_id: alice
                """.replace("/abs/path/mlruns", rootInUri);
        assertThat(meta).isEqualTo(example);
        // mlflow.md §2.3
        String experimentMeta = Files.readString(root.resolve(EXPERIMENT_ID).resolve("meta.yaml"));
        assertThat(experimentMeta).isEqualTo("""
                artifact_location: file:///abs/path/mlruns/123456789012345678
                creation_time: 1764230400000
                experiment_id: '123456789012345678'
                last_update_time: 1764230400000
                lifecycle_stage: active
                name: vsc-linear
                """.replace("/abs/path/mlruns", rootInUri));
    }

    @Test
    void runningRunHasStatusOneAndNullEndTime() throws Exception {
        Path root = tmp.resolve("running");
        TestStores.MutableClock clock = new TestStores.MutableClock(T0);
        FileStoreTracker tracker = TestStores.tracker(root, clock, List.of(EXPERIMENT_ID), List.of(RUN_ID));
        TrackedRun run = tracker.startRun(new RunSpec("vsc-linear", "r", Map.of("mlflow.user", "alice")));
        String meta = Files.readString(root.resolve(EXPERIMENT_ID).resolve(RUN_ID).resolve("meta.yaml"));
        assertThat(meta).contains("\nend_time: null\n").contains("\nstatus: 1\n").contains("\nrun_name: r\n");
        assertThat(run.artifactUri()).isEqualTo(
                StoreFiles.fileUri(root) + "/" + EXPERIMENT_ID + "/" + RUN_ID + "/artifacts");
        assertThat(run.artifactUri()).doesNotContain("//" + EXPERIMENT_ID).doesNotEndWith("/");
        run.end(RunStatus.FINISHED);
    }

    /** The scenario the golden tree records. */
    static void writeGoldenScenario(Path root) {
        TestStores.MutableClock clock = new TestStores.MutableClock(T0);
        FileStoreTracker tracker = TestStores.tracker(root, clock, List.of(EXPERIMENT_ID), List.of(RUN_ID));
        TrackedRun run = tracker.startRun(new RunSpec("vsc-linear", "thresh-laplacian-seed0",
                Map.of("mlflow.user", "alice", "mlflow.source.type", "LOCAL")));

        Map<String, String> params = new LinkedHashMap<>();
        params.put("lr", "0.001");
        params.put("estimator", "straight");
        run.logParams(params);

        clock.set(T0 + 1000);
        Map<String, Double> step0 = new LinkedHashMap<>();
        step0.put("loss", 0.1);
        step0.put("kl", 1e-05);
        step0.put("train/elbo", -123.5);
        run.logMetrics(step0, 0);

        clock.set(T0 + 2000);
        Map<String, Double> step1 = new LinkedHashMap<>();
        step1.put("loss", Double.NaN);
        step1.put("kl", 1.5e-07);
        step1.put("train/elbo", 100.0);
        run.logMetrics(step1, 1);

        run.setTags(Map.of("vsclab.family", "laplacian"));
        run.logArtifact("config/resolved.conf",
                "model.family = laplacian\nmodel.latent-dim = 32\n".getBytes(StandardCharsets.UTF_8));
        clock.set(T0 + 60_000);
        run.end(RunStatus.FINISHED);
    }

    static Path goldenRoot() throws URISyntaxException {
        return Path.of(FileStoreGoldenTest.class.getResource("/golden/mlruns").toURI());
    }

    static Path goldenManifest() throws URISyntaxException {
        return Path.of(FileStoreGoldenTest.class.getResource("/golden/mlruns.tree.txt").toURI());
    }

    /** Every path under {@code root}, relative, '/'-separated, folders with a trailing '/'. */
    /** The tree MLflow sees: VSC Lab's own store lock and per-run {@code .vsc/} folders left out. */
    static TreeSet<String> listTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .filter(p -> !p.getFileName().toString().equals(StoreLock.FILE)
                            && !root.relativize(p).toString().matches("(.*/)?\\.vsc(/.*)?"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
