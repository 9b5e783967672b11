package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;

/**
 * The Fashion-MNIST study's configuration end to end on a tiny subset (the paper's conv networks, real
 * Fashion-MNIST from ./install): it trains, records the DNN metrics (fid with a tiny TorchScript
 * extractor saved by PyTorch, fid-fmnist with its own classifier), and a run killed with SIGKILL in
 * the middle of an epoch resumes to exactly the uninterrupted run's metrics and state (batch-norm
 * running statistics included).
 */
class FmnistStudyTest {

    static final Path PAPER = QuickstartTest.QUICKSTART.getParent().resolve("fmnist/paper.conf");

    /** 2 epochs × 8 steps of 32 images, J = 2, N = 8; a checkpoint every 5 steps. */
    private static final List<String> TINY = List.of("data-sources.fmnist.train-samples=256",
            "data-sources.fmnist.validation-samples=64", "data.batch-size=32", "model.samples=2", "model.latent-dim=8",
            "train.epochs=2", "evaluation.metrics=[codes, reconstruction, fid]", "metrics.reconstruction.reference-batch=16",
            "metrics.fid.model=../plugins/dnn-metrics/src/test/resources/fixtures/pool_extractor.pt", "metrics.fid.images=48", "metrics.fid.batch=20",
            "train.checkpoint.every-steps=5", "train.checkpoint.every-minutes=0", "experiment=resume");

    @TempDir
    Path tmp;

    private String[] args(Path store, String... more) {
        List<String> args = new ArrayList<>(List.of("run", PAPER.toString(), "--no-progress", "tracking.uri=" + store,
                "model.prior=thresholded-gaussian"));
        args.addAll(TINY);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void fidWithoutAnExtractorIsAStartUpError() {
        VscCli.Output unset = VscCli.run(args(tmp.resolve("none"), "evaluation.metrics=[fid]", "metrics.fid.model=null"));
        assertThat(unset.code()).isEqualTo(2);
        assertThat(unset.err()).contains("Set metrics.fid.model to a TorchScript feature extractor");
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    @Test
    void fidFmnistTrainsItsClassifierOnceAndRecordsItsAccuracy() throws Exception {
        Path classifier = tmp.resolve("classifier");
        List<String> fid = List.of("train.epochs=1", "evaluation.metrics=[fid-fmnist]", "metrics.fid-fmnist.images=64",
                "metrics.fid-fmnist.classifier-dir=" + classifier, "metrics.fid-fmnist.classifier-train-images=3000");
        VscCli.Output first = VscCli.run(args(tmp.resolve("a"), fid.toArray(String[]::new)));
        assertThat(first.code()).as(first.err()).isZero();
        Path record = classifier.resolve("classifier.json");
        assertThat(Files.readString(record)).contains("\"version\": 1, \"train_images\": 3000,");
        java.nio.file.attribute.FileTime trained = Files.getLastModifiedTime(record);
        RunSummary a = ResumeTest.only(tmp.resolve("a"));
        // 3,000 images, 2 epochs: well above chance (0.1); the full recipe's accuracy is in README.
        assertThat(a.metrics().get("test/fid-fmnist_classifier_accuracy")).isBetween(0.6, 1.0);
        assertThat(a.metrics().get("test/fid-fmnist")).isFinite().isPositive();
        assertThat(a.metrics()).doesNotContainKey("test/fid_reconstructions");
        VscCli.Output second = VscCli.run(args(tmp.resolve("b"), fid.toArray(String[]::new)));
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(Files.getLastModifiedTime(record)).as("the cached classifier is reused, not trained again").isEqualTo(trained);
        RunSummary b = ResumeTest.only(tmp.resolve("b"));
        assertThat(b.metrics().get("test/fid-fmnist")).as("same seed, same cached classifier").isEqualTo(a.metrics().get("test/fid-fmnist"));
    }

    @Test
    void aKilledDnnRunResumesToTheUninterruptedResultAndRecordsTheDnnMetrics() throws Exception {
        Path reference = tmp.resolve("reference");
        VscCli.Output uninterrupted = VscCli.run(args(reference, "run-name=reference"));
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
        RunSummary a = ResumeTest.only(reference);
        Map<String, Double> m = a.metrics();
        // 64 test images in 4 batches of 16: the sum of the 4 batch means is 4 × the per-pixel mean.
        assertThat(m.get("test/mse_sum_of_batch_means_b16")).isCloseTo(4 * m.get("test/mse_per_pixel"), within(1e-6));
        assertThat(m.get("test/mse_per_pixel")).isBetween(0.0, 0.2);
        assertThat(m.get("test/nonzero_frac")).isBetween(0.0, 1.0);
        Path runA = ResumeTest.runDir(reference, a);
        // fid with a tiny TorchScript extractor (a 4×4 average pool, 49 features) on 48 test images.
        assertThat(m.get("test/fid_reconstructions")).isFinite().isPositive();
        assertThat(Files.readString(runA.resolve("artifacts/fid.json"))).contains("\"images\": 48", "\"features\": 49",
                "reconstructions; feature covariance");
        BufferedImage grid = ImageIO.read(runA.resolve("artifacts/reconstructions.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(2 + 8 * (28 * 3 + 2));      // 8 columns of 28×28 at ×3
        assertThat(grid.getHeight()).isEqualTo(2 + 4 * (28 * 3 + 2));     // 16 images: 2 pairs of rows

        Path killed = tmp.resolve("killed");
        Process child = ChildVsc.start(tmp.resolve("child.log"), args(killed, "run-name=killed"));
        long at = ResumeTest.waitForCheckpoint(killed, 7, child);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunSummary lost = ResumeTest.only(killed);
        assertThat(lost.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(at).as("killed in the middle of the run").isBetween(7L, 15L);

        VscCli.Output resumed = VscCli.run("resume", lost.runId().substring(0, 8), "--uri", killed.toString(), "--no-progress");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        RunSummary b = ResumeTest.only(killed);
        assertThat(b.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(ResumeTest.withoutWallTime(b.metrics())).isEqualTo(ResumeTest.withoutWallTime(a.metrics()));
        Path runB = ResumeTest.runDir(killed, b);
        for (String metric : List.of("train/loss", "val/loss", "val/recon", "val/nonzero_frac")) {
            assertThat(ResumeTest.history(runB, metric)).as(metric).isEqualTo(ResumeTest.history(runA, metric));
        }
        Map<String, String> arraysA = ResumeTest.checkpointHashes(runA);
        assertThat(arraysA).containsKeys("generator.norm.0.running_mean", "generator.deconv.3.weight", "encoder.norm.3.running_var");
        assertThat(ResumeTest.checkpointHashes(runB)).isEqualTo(arraysA);
        assertThat(Files.readAllBytes(runB.resolve("artifacts/reconstructions.png")))
                .isEqualTo(Files.readAllBytes(runA.resolve("artifacts/reconstructions.png")));
    }
}
