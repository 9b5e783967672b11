package org.vsclab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.io.Npy;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.TrackedRun;
import org.vsclab.tracking.FileStoreTracker;

/** A report over a small sweep recorded in a real file store, with values whose means and stds are known. */
class ReportTest {

    @TempDir
    Path tmp;

    private FileStoreTracker store;
    private String parentId;

    private TrackedRun child(String method, int seed, Map<String, Double> metrics, RunStatus status) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.parentRunId", parentId);
        tags.put("vsc.sweep.point", "method=" + method + " seed=" + seed);
        tags.put("method", method.equals("tl") ? "Thresh Laplacian" : "FISTA");
        TrackedRun run = store.startRun(new RunSpec("linear-test", method + "-seed" + seed, tags));
        run.logParams(Map.of("seed", String.valueOf(seed), "run-name", method + "-seed" + seed, "model.prior", method,
                "data.source", "patches", "data.patch-split", "by-image", "data.standardize-on", "train-only",
                "data-sources.patches.images", "skimage", "train.epochs", "4", "data-sources.patches.train-samples", "80000",
                "data-sources.patches.stride", "1"));
        for (int step = 0; step < 3; step++) {
            Map<String, Double> atStep = new LinkedHashMap<>();
            metrics.forEach((k, v) -> atStep.put(k, v));
            atStep.put("val/loss", 2.0 - step + seed);
            atStep.put("train/loss", 3.0 - step);
            atStep.put("train/nonzero_frac", 0.2 + 0.01 * step);
            atStep.put("val/nonzero_frac", 0.2);
            atStep.put("sc/fista_objective", 50.0 - step);
            run.logMetrics(atStep, step);
        }
        double[] phi = new double[256 * 4];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = Math.sin(i * (seed + 1.0)) * (1 + i % 4);
        }
        run.logArtifact("dictionary.npy", Npy.toBytes(new org.vsclab.spi.Matrix(256, 4, phi)));
        run.end(status);
        return run;
    }

    @BeforeEach
    void sweep() {
        store = FileStoreTracker.open(tmp.resolve("mlruns").toString());
        TrackedRun parent = store.startRun(new RunSpec("linear-test", "linear-test-sweep", Map.of("vsc.sweep", "{method=[tl, fista]}")));
        parentId = parent.id();
        child("tl", 0, Map.of("sc/objective", 100.0, "codes/mi_bits", 170.0), RunStatus.FINISHED);
        child("tl", 1, Map.of("sc/objective", 104.0, "codes/mi_bits", 180.0), RunStatus.FINISHED);
        child("fista", 0, Map.of("sc/objective", 60.0, "codes/mi_bits", 68.0), RunStatus.FINISHED);
        child("fista", 1, Map.of("sc/objective", 999.0), RunStatus.FAILED);
        parent.end(RunStatus.FINISHED);
    }

    private Report report(String target) throws Exception {
        var layouts = ReportLayout.builtIn(getClass().getClassLoader());
        Report.Selection selection = Report.select(store.catalog(), target);
        ReportLayout layout = ReportLayout.choose(layouts, selection.runs().get(0).params());
        // Histories and artifacts as vsc report reads them: through the store's catalog.
        Figures.Store figures = ReportCommand.store(store.catalog());
        return Report.build(selection, layout, figures);
    }

    @Test
    void groupsChildrenByTheirPointWithoutTheSeedAndShowsMeanAndPopulationStd() throws Exception {
        Report report = report(parentId.substring(0, 8));
        String md = report.markdown();
        assertThat(report.groups()).extracting(RunGroup::name).containsExactly("Thresh Laplacian", "FISTA");
        // Thresh Laplacian: objective 100 and 104 → 102 ± 2 (population std); MI 170, 180 → 175 ± 5.
        assertThat(md).contains("| Thresh Laplacian | 2 | 102 ± 2 |").contains("| 175 ± 5 |");
        // FISTA: the failed seed is left out and listed.
        assertThat(md).contains("| FISTA | 1 | 60 |").contains("not finished and left out (fista-seed1 FAILED)");
        String csv = new String(report.files().get("table1.csv"), StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("method,group,runs,sc/objective mean,sc/objective std,sc/objective n");
        assertThat(csv).contains("Thresh Laplacian,method=tl,2,102.0,2.0,2");   // grouped by the sweep point without its seed
    }

    @Test
    void saysWhyTheNumbersAreNotComparableWithThePapers() throws Exception {
        String md = report(parentId).markdown();
        assertThat(md).contains("Not directly")
                .contains("these runs use skimage")
                .contains("these runs split by-image")
                .contains("these runs train 4 (`train.epochs`)")
                .doesNotContain("train on 80000");
    }

    @Test
    void drawsFiguresAsPngs() throws Exception {
        Report report = report(parentId);
        assertThat(report.files().keySet()).contains("mi-vs-objective.png", "curve-val-loss.png", "curve-train-loss.png",
                "curve-objective.png", "curve-nonzero.png", "dictionary-thresh-laplacian.png", "dictionary-fista.png");
        assertThat(report.markdown()).contains("### Validation sparse-coding objective after each epoch, and FISTA's on the same dictionary");
        for (var f : report.files().entrySet()) {
            if (f.getKey().endsWith(".png")) {
                assertThat(ImageIO.read(new ByteArrayInputStream(f.getValue()))).as(f.getKey()).isNotNull();
            }
        }
        // No SNR was logged: no SNR table and no SNR bars.
        assertThat(report.files()).doesNotContainKey("snr-encoder.png");
        assertThat(report.markdown()).doesNotContain("Gradient SNR (Fig. 4)");
    }

    @Test
    void anExperimentNameGivesItsNewestSweep() throws Exception {
        Report report = report("linear-test");
        assertThat(report.parent()).map(r -> r.runId()).contains(parentId);
        assertThatThrownBy(() -> Report.select(store.catalog(), "nope")).hasMessageContaining("no run id and no experiment 'nope'");
    }

    @Test
    void longCurvesAreAveragedOverConsecutiveSteps() {
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(new double[] {i, i * i});
        }
        List<double[]> drawn = Figures.downsample(points, 4);
        // Buckets [0, 2), [2, 5), [5, 7), [7, 10): mean x and mean y of each.
        assertThat(drawn).hasSize(4);
        assertThat(drawn.get(0)).containsExactly(0.5, 0.5);
        assertThat(drawn.get(1)).containsExactly(3.0, (4 + 9 + 16) / 3.0);
        assertThat(drawn.get(3)).containsExactly(8.0, (49 + 64 + 81) / 3.0);
        assertThat(Figures.downsample(points, 10)).isSameAs(points);
    }

    @Test
    void sortsAtomsByDecreasingNorm() {
        var phi = new org.vsclab.spi.Matrix(2, 3, new double[] {1, 0, 3, 0, 2, 0});
        var sorted = Figures.sortedByNorm(phi);
        assertThat(sorted.data()).containsExactly(3, 0, 1, 0, 2, 0);
    }
}
