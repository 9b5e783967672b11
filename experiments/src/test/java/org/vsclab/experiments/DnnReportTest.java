package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileStoreTracker;

/**
 * {@code vsc report} on a real, tiny Fashion-MNIST sweep of the study's configuration (the paper's conv
 * networks on the first 64 training images): two methods × two latent sizes × two sparsities × two
 * seeds. The report must give the method × N and method × sparsity tables with the mean and population
 * std over the seeds of each point (recomputed here from the runs' recorded metrics), the summary table
 * with its columns, the MSE-vs-N and MSE-vs-sparsity figures as PNG images, and say why the numbers are
 * not §17.4's.
 */
class DnnReportTest {

    static final Path PAPER = FmnistStudyTest.PAPER;

    /** 2 steps of 32 images, J = 2; evaluation J = 2 on 32 test images. */
    private static final List<String> TINY = List.of("data-sources.fmnist.train-samples=64",
            "data-sources.fmnist.validation-samples=32", "data.batch-size=32", "model.samples=2", "evaluation.samples=2",
            "train.epochs=1", "evaluation.metrics=[codes, reconstruction, multi-information]",
            "metrics.reconstruction.reference-batch=16", "train.checkpoint.every-minutes=0", "experiment=dnn-report");

    private static final String METHODS = "method=${methods.gaussian},${methods.thresholded-gaussian}";

    @TempDir
    static Path tmp;

    private static Path store;
    private static Path out;
    private static VscCli.Output report;
    private static List<RunSummary> children;

    @BeforeAll
    static void sweepAndReport() throws Exception {
        store = tmp.resolve("mlruns");
        List<String> args = new ArrayList<>(List.of("run", PAPER.toString(), "--no-progress", "tracking.uri=" + store,
                "--sweep", METHODS, "--sweep", "model.latent-dim=8,16", "--sweep", "model.target-sparsity=0.1,0.2",
                "--sweep", "seed=0,1"));
        args.addAll(TINY);
        VscCli.Output sweep = VscCli.run(args.toArray(String[]::new));
        assertThat(sweep.code()).as(sweep.out() + sweep.err()).isZero();
        children = FileStoreTracker.open(store.toString()).catalog().runs(Optional.of("dnn-report")).stream()
                .filter(r -> r.tags().containsKey("mlflow.parentRunId")).toList();
        assertThat(children).hasSize(16).allMatch(r -> r.status() == RunStatus.FINISHED);
        out = tmp.resolve("report");
        report = VscCli.run("report", "dnn-report", "--uri", store.toString(), "--out", out.toString());
        assertThat(report.code()).as(report.err()).isZero();
    }

    /** The runs of one point: a method (its tag), N and p; the seeds 0 and 1. */
    private static List<Double> values(String method, int n, double p, String metric) {
        List<Double> values = children.stream().filter(r -> r.tags().get("method").equals(method))
                .filter(r -> r.params().get("model.latent-dim").equals(String.valueOf(n)))
                .filter(r -> Double.parseDouble(r.params().get("model.target-sparsity")) == p)
                .map(r -> r.metrics().get(metric)).toList();
        assertThat(values).as(method + " N=" + n + " p=" + p).hasSize(2).doesNotContainNull();
        return values;
    }

    /** A CSV file of the report as rows of cells (no cell here holds a comma). */
    private static List<List<String>> csv(String file) throws Exception {
        return Files.readAllLines(out.resolve(file)).stream().map(l -> Arrays.asList(l.split(",", -1))).toList();
    }

    @Test
    void theMethodByLatentSizeTableHasARowPerMethodAndSparsityAndAColumnPerN() throws Exception {
        String md = report.out();
        assertThat(md).contains("# The Fashion-MNIST study").contains("## MSE per pixel against the latent size N");
        String table = section(md, "## MSE per pixel against the latent size N");
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(lines.get(0)).isEqualTo("| method | N = 8 | N = 16 |");
        assertThat(lines.subList(2, lines.size())).hasSize(4).extracting(l -> l.split(" \\| ")[0])
                .containsExactly("| Gaussian VAE (model.target-sparsity=0.1)", "| Gaussian VAE (model.target-sparsity=0.2)",
                        "| Thresh Gaussian (model.target-sparsity=0.1)", "| Thresh Gaussian (model.target-sparsity=0.2)");
        assertThat(lines.subList(2, lines.size())).allMatch(l -> l.split(" ± ").length == 3, "two cells of mean ± std");

        // The CSV holds mean, population std and n of each cell; recompute them from the runs.
        List<List<String>> rows = csv("mse-vs-n.csv");
        assertThat(rows.get(0)).containsExactly("method", "group", "model.latent-dim=8 test/mse_per_pixel mean",
                "model.latent-dim=8 test/mse_per_pixel std", "model.latent-dim=8 test/mse_per_pixel n",
                "model.latent-dim=16 test/mse_per_pixel mean", "model.latent-dim=16 test/mse_per_pixel std",
                "model.latent-dim=16 test/mse_per_pixel n");
        assertThat(rows).hasSize(5);
        for (List<String> row : rows.subList(1, rows.size())) {
            String method = row.get(0);
            double p = row.get(1).contains("model.target-sparsity=0.1") ? 0.1 : 0.2;
            for (int c = 0; c < 2; c++) {
                List<Double> v = values(method, c == 0 ? 8 : 16, p, "test/mse_per_pixel");
                double mean = (v.get(0) + v.get(1)) / 2;
                double std = Math.abs(v.get(0) - v.get(1)) / 2;     // population std of two values
                assertThat(Double.parseDouble(row.get(2 + 3 * c))).isCloseTo(mean, within(1e-12));
                assertThat(Double.parseDouble(row.get(3 + 3 * c))).isCloseTo(std, within(1e-12));
                assertThat(row.get(4 + 3 * c)).isEqualTo("2");
            }
        }
    }

    @Test
    void theMethodBySparsityTableHasAColumnPerTargetPercentage() throws Exception {
        String table = section(report.out(), "## MSE per pixel against the target sparsity");
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(lines.get(0)).isEqualTo("| method | 10 % | 20 % |");
        assertThat(lines).hasSize(2 + 4);
        List<List<String>> rows = csv("mi-vs-sparsity.csv");
        assertThat(rows.get(0).get(2)).isEqualTo("model.target-sparsity=0.1 codes/mi_bits mean");
        for (List<String> row : rows.subList(1, rows.size())) {
            int n = row.get(1).contains("model.latent-dim=8") ? 8 : 16;
            List<Double> v = values(row.get(0), n, 0.2, "codes/mi_bits");
            assertThat(Double.parseDouble(row.get(5))).isCloseTo((v.get(0) + v.get(1)) / 2, within(1e-12));
        }
    }

    @Test
    void theSummaryHasARowPerPointWithTheStudysColumns() throws Exception {
        String table = section(report.out(), "## Test-set metrics per method and point");
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        // Columns no run has a value for (FID and fid-fmnist were not computed; the sum of batch means of 80 has no
        // batch of 80 in 32 test images) are left out.
        assertThat(lines.get(0)).isEqualTo("| method | runs | N | target non-zero % | MSE per pixel | MI (bits) | non-zero % | val loss"
                + " | s per epoch (last) |");
        assertThat(lines).hasSize(2 + 8);
        assertThat(lines.get(2)).startsWith("| Gaussian VAE (model.latent-dim=8 model.target-sparsity=0.1) | 2 | 8 | 10 |");
        List<List<String>> rows = csv("summary.csv");
        assertThat(rows).hasSize(1 + 8);
        assertThat(rows.get(0).subList(0, 5)).containsExactly("method", "group", "runs", "model.latent-dim", "model.target-sparsity");
    }

    @Test
    void saysWhyTheNumbersAreNotThePapers() {
        assertThat(report.out()).contains("## Comparable with method.md §17.4").contains("Not directly")
                .contains("the paper trains 300 epochs; these runs train 1 (`train.epochs`)")
                .contains("these runs on the first 64 (`data-sources.fmnist.train-samples`)")
                .contains("the paper evaluates with J = 20; these runs with J = 2 (`evaluation.samples`)")
                .doesNotContain("per-image (5000×5000) covariance");    // no FID was computed
    }

    @Test
    void drawsMseAgainstNAndAgainstSparsityAsPngImages() throws Exception {
        for (String file : List.of("mse-vs-n.png", "mse-vs-sparsity.png", "mi-vs-n.png", "mse.png", "curve-train-loss.png",
                "curve-val-recon.png", "curve-nonzero.png")) {
            BufferedImage image = ImageIO.read(out.resolve(file).toFile());
            assertThat(image).as(file + " is a PNG image").isNotNull();
            assertThat(image.getWidth()).as(file).isEqualTo(900);
            assertThat(image.getHeight()).as(file).isEqualTo(540);
            assertThat(report.out()).contains("](" + file + ")");
        }
        try (Stream<Path> files = Files.list(out)) {
            List<String> grids = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("reconstructions-")).sorted().toList();
            assertThat(grids).hasSize(8);
            for (String grid : grids) {
                assertThat(ImageIO.read(out.resolve(grid).toFile())).as(grid).isNotNull();
            }
        }
        // The report is logged to the sweep's parent run.
        RunSummary parent = FileStoreTracker.open(store.toString()).catalog().runs(Optional.of("dnn-report")).stream()
                .filter(r -> r.tags().containsKey("vsc.sweep")).findFirst().orElseThrow();
        assertThat(FileStoreTracker.open(store.toString()).catalog().artifact(parent, "report/mse-vs-n.png")).isPresent();
    }

    /** The text of a Markdown section, from its heading to the next. */
    private static String section(String md, String heading) {
        int from = md.indexOf(heading);
        assertThat(from).as("section " + heading).isNotNegative();
        int to = md.indexOf("\n## ", from + heading.length());
        return md.substring(from, to < 0 ? md.length() : to);
    }
}
