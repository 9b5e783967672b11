package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;

/**
 * The CelebA study's configuration end to end on a folder of 24 generated 178×218 JPEGs laid out as
 * CelebA is (the 64×64 conv networks, decoding in the pool, flips), and the one-line errors for missing
 * data of both DNN studies; {@code vsc report} of a tiny CelebA sweep (the celeba layout).
 */
class CelebaStudyTest {

    static final Path PAPER = QuickstartTest.QUICKSTART.getParent().resolve("celeba/paper.conf");

    @TempDir
    Path tmp;

    private Path celebaFolder(int n) throws Exception {
        Path folder = tmp.resolve("celeba");
        Path images = Files.createDirectories(folder.resolve("img_align_celeba"));
        List<String> attributes = new ArrayList<>(List.of(Integer.toString(n), String.join(" ", java.util.Collections.nCopies(40, "A"))
                .replace("A", "Attr")));
        attributes.set(1, String.join(" ", java.util.stream.IntStream.range(0, 40).mapToObj(i -> "Attr" + i).toList()));
        List<String> partition = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 218; y++) {
                for (int x = 0; x < 178; x++) {
                    int r = (int) (127 + 120 * Math.sin((x + 7 * i) / 15.0));
                    image.setRGB(x, y, r << 16 | ((y * 255 / 218) << 8) | ((i * 10) % 256));
                }
            }
            String name = String.format("%06d.jpg", i + 1);
            ImageIO.write(image, "jpg", images.resolve(name).toFile());
            attributes.add(name + " 1".repeat(20) + " -1".repeat(20));
            partition.add(name + " " + (i < 16 ? 0 : 2));
        }
        Files.write(folder.resolve("list_attr_celeba.txt"), attributes);
        Files.write(folder.resolve("list_eval_partition.txt"), partition);
        return folder;
    }

    @Test
    void trainsAndEvaluatesOnAFolderOfJpegs() throws Exception {
        Path folder = celebaFolder(24);
        Path store = tmp.resolve("mlruns");
        VscCli.Output run = VscCli.run("run", PAPER.toString(), "--no-progress", "tracking.uri=" + store, "experiment=celeba-test",
                "data-sources.celeba.path=" + folder, "data-sources.celeba.train-samples=16", "data-sources.celeba.validation-samples=8",
                "data.batch-size=8", "model.samples=2", "model.latent-dim=16", "train.epochs=1", "evaluation.samples=2",
                "metrics.reconstruction.reference-batch=4", "metrics.reconstruction.images=8", "model.prior=thresholded-laplacian");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        RunSummary summary = org.vsclab.tracking.FileStoreTracker.open(store.toString()).catalog()
                .runs(java.util.Optional.of("celeba-test")).get(0);
        assertThat(summary.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(summary.metrics().get("test/mse_sum_of_batch_means_b4"))
                .isCloseTo(2 * summary.metrics().get("test/mse_per_pixel"), org.assertj.core.api.Assertions.within(1e-6));
        BufferedImage grid = ImageIO.read(store.resolve(summary.experimentId()).resolve(summary.runId())
                .resolve("artifacts/reconstructions.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(2 + 8 * (64 * 2 + 2));   // 8 images of 64×64 at ×2 on one row pair
        assertThat(grid.getHeight()).isEqualTo(2 + 2 * (64 * 2 + 2));
    }

    @Test
    void theReportOfACelebaSweepHasTheStudysTablesAndPlots() throws Exception {
        Path folder = celebaFolder(116);     // 16 training images, 100 test images: one batch of the authors' 100
        Path store = tmp.resolve("sweep");
        VscCli.Output sweep = VscCli.run("run", PAPER.toString(), "--no-progress", "tracking.uri=" + store, "experiment=celeba-report",
                "--sweep", "model.latent-dim=8,16", "--sweep", "model.target-sparsity=0.1,0.2",
                "data-sources.celeba.path=" + folder, "data-sources.celeba.train-samples=16", "data-sources.celeba.validation-samples=100",
                "data.batch-size=8", "model.samples=2", "train.epochs=1", "evaluation.samples=2", "metrics.reconstruction.images=100",
                "evaluation.metrics=[codes, reconstruction, multi-information]", "train.checkpoint.every-minutes=0",
                "model.prior=thresholded-laplacian");
        assertThat(sweep.code()).as(sweep.out() + sweep.err()).isZero();
        Path out = tmp.resolve("report");
        VscCli.Output report = VscCli.run("report", "celeba-report", "--uri", store.toString(), "--out", out.toString());
        assertThat(report.code()).as(report.err()).isZero();
        String md = report.out();
        // The layout is chosen from data.source; its tables are §17.5's (method × N, method × sparsity).
        assertThat(md).contains("# The CelebA study").contains("## Comparable with method.md §17.5")
                .contains("the paper trains on the first 150,000 training images; these runs on 16");
        assertThat(md.lines().filter(l -> l.startsWith("| method | N = 8 | N = 16 |")).count()).isGreaterThanOrEqualTo(1);
        assertThat(md.lines().filter(l -> l.startsWith("| method | 10 % | 20 % |")).count()).isGreaterThanOrEqualTo(1);
        // With 100 test images the authors' sum over batches of 100 is one batch: the per-pixel MSE itself.
        for (RunSummary child : org.vsclab.tracking.FileStoreTracker.open(store.toString()).catalog()
                .runs(java.util.Optional.of("celeba-report")).stream().filter(r -> r.tags().containsKey("mlflow.parentRunId")).toList()) {
            assertThat(child.metrics().get("test/mse_sum_of_batch_means_b100"))
                    .isCloseTo(child.metrics().get("test/mse_per_pixel"), org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(md).contains("MSE, sum of batch means (batches of 100)");
        for (String file : List.of("mse-vs-n.png", "mse-vs-sparsity.png")) {
            assertThat(ImageIO.read(out.resolve(file).toFile())).as(file + " is a PNG image").isNotNull();
            assertThat(md).contains("](" + file + ")");
        }
    }

    @Test
    void missingDataIsOneErrorLineSayingWhereToPutIt() {
        VscCli.Output celeba = VscCli.run("run", PAPER.toString(), "tracking.uri=" + tmp.resolve("a"),
                "data-sources.celeba.path=" + tmp.resolve("nowhere"));
        assertThat(celeba.code()).isEqualTo(2);
        assertThat(celeba.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("error: "));
        assertThat(celeba.err()).contains(tmp.resolve("nowhere") + ": no such folder. Put CelebA's aligned images");
        VscCli.Output unset = VscCli.run("run", PAPER.toString(), "tracking.uri=" + tmp.resolve("b"));
        assertThat(unset.code()).isEqualTo(2);
        assertThat(unset.err()).contains("Set data-sources.celeba.path to the CelebA folder");
        VscCli.Output fmnist = VscCli.run("run", FmnistStudyTest.PAPER.toString(), "tracking.uri=" + tmp.resolve("c"),
                "data-sources.fmnist.path=" + tmp.resolve("fm"));
        assertThat(fmnist.code()).isEqualTo(2);
        assertThat(fmnist.err().strip().lines()).hasSize(1);
        assertThat(fmnist.err()).contains(tmp.resolve("fm") + ": no such folder. Install Fashion-MNIST with 'apt-get install dataset-fashion-mnist'");
        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("c")).doesNotExist();
    }
}
