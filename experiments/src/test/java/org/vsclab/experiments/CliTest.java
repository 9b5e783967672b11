package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.cli.Vsc;
import org.vsclab.testing.VscCli;
import org.vsclab.io.Npy;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileStoreTracker;

/** The vsc command line as a user drives it: plugins, run, runs, export, bad input, Ctrl-C. */
class CliTest {

    @TempDir
    Path tmp;


    private String uri() {
        return "tracking.uri=" + tmp.resolve("mlruns");
    }

    @Test
    void pluginsListsEveryKindWithItsSource() {
        VscCli.Output o = VscCli.run("--plugins-dir", tmp.toString(), "plugins");
        assertThat(o.code()).isZero();
        assertThat(o.out()).containsPattern("prior +thresholded-laplacian +classpath vsc-plugin-thresholded-laplace")
                .containsPattern("estimator +straight ").containsPattern("selector +max ").containsPattern("encoder +mlp ")
                .containsPattern("generator +linear-dictionary ").containsPattern("data-source +npy ")
                .containsPattern("tracker +file ");
    }

    @Test
    void runThenListThenExport() throws Exception {
        VscCli.Output run = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), uri(), "train.epochs=1",
                "data-sources.synthetic.train-samples=500", "data-sources.synthetic.validation-samples=40", "run-name=cli-run");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("(cli-run) FINISHED").contains("val/nonzero_frac").contains("dict/atoms_recovered");

        VscCli.Output runs = VscCli.run("runs", "--uri", tmp.resolve("mlruns").toString(), "--experiment", "quickstart");
        assertThat(runs.out()).contains("cli-run").contains("FINISHED").contains("VAL LOSS");

        RunSummary recorded = FileStoreTracker.open(tmp.resolve("mlruns").toString()).catalog().runs(java.util.Optional.empty()).get(0);
        Path out = tmp.resolve("export");
        VscCli.Output export = VscCli.run("export", recorded.runId().substring(0, 6), "--out", out.toString(), "--uri", tmp.resolve("mlruns").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(Npy.read(out.resolve("dictionary.npy")).shape()).containsExactly(64, 128);
        assertThat(Npy.read(out.resolve("val_codes.npy")).shape()).containsExactly(40, 128);
        assertThat(out.resolve("config.conf")).content().contains("thresholded-laplacian");
    }

    @Test
    void badInputGivesOneClearLineAndExitCode2() {
        VscCli.Output prior = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), uri(), "model.prior=gausian");
        assertThat(prior.code()).isEqualTo(2);
        assertThat(prior.err()).contains("error: Unknown prior 'gausian' (model.prior). Did you mean 'gaussian'? Available: fista, gaussian, laplacian, spike-and-slab, thresholded-gaussian, thresholded-laplacian")
                .doesNotContain("Exception");

        VscCli.Output typo = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), uri(), "train.epocs=3");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Unknown config key 'train.epocs'").contains("Did you mean 'train.epochs'?");

        VscCli.Output type = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), uri(), "train.epochs=many");
        assertThat(type.code()).isEqualTo(2);
        assertThat(type.err()).contains("'train.epochs'").contains("must be an integer").contains("\"many\"");

        VscCli.Output npy = VscCli.run("run", QuickstartTest.QUICKSTART.toString(), uri(), "data.source=npy",
                "data-sources.npy.train=" + tmp.resolve("missing.npy"), "data-sources.npy.validation=" + tmp.resolve("missing.npy"));
        assertThat(npy.code()).isEqualTo(2);
        assertThat(npy.err()).contains("missing.npy").contains("does not exist");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }

    @Test
    void badRunSettingsAndStoresFailBeforeAnythingIsRecorded() throws Exception {
        String q = QuickstartTest.QUICKSTART.toString();
        VscCli.Output logEvery = VscCli.run("run", q, uri(), "tracking.log-every=0");
        assertThat(logEvery.code()).isEqualTo(2);
        assertThat(logEvery.err()).contains("'tracking.log-every'").contains("≥ 1").doesNotContain("Exception");

        VscCli.Output cosine = VscCli.run("run", q, uri(), "metrics.atom-match-cosine=2");
        assertThat(cosine.code()).isEqualTo(2);
        assertThat(cosine.err()).contains("'metrics.atom-match-cosine'");

        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        VscCli.Output store = VscCli.run("run", q, "tracking.uri=" + notADirectory.resolve("mlruns"));
        assertThat(store.code()).isEqualTo(2);
        assertThat(store.err()).contains("error: Config key 'tracking.uri'").contains("not a writable directory");

        VscCli.Output scheme = VscCli.run("run", q, "tracking.uri=file://otherhost/mlruns");
        assertThat(scheme.code()).isEqualTo(2);
        assertThat(scheme.err()).startsWith("error: Config key 'tracking.uri'");

        Path nan = tmp.resolve("nan.npy");
        float[] values = new float[64 * 3];
        values[70] = Float.NaN;
        Npy.write(nan, values, 3, 64);
        VscCli.Output npy = VscCli.run("run", q, uri(), "data.source=npy", "data-sources.npy.train=" + nan,
                "data-sources.npy.validation=" + nan);
        assertThat(npy.code()).isEqualTo(2);
        assertThat(npy.err()).contains("nan.npy").contains("non-finite value (NaN) in row 1, column 6");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "model.prior=thresholded-gaussian model.target-sparsity=0 | 'priors.thresholded-gaussian.target-sparsity' | strictly between 0 and 1",
        "model.prior=thresholded-laplacian model.target-sparsity=1 | 'priors.thresholded-laplacian.target-sparsity' | strictly between 0 and 1",
        "model.prior=spike-and-slab priors.spike-and-slab.spike-prior=1.5 | 'priors.spike-and-slab.spike-prior' | strictly between 0 and 1",
        "model.prior=gaussian priors.gaussian.prior-variance=-0.1 | 'priors.gaussian.prior-variance' | positive",
        "model.prior=laplacian priors.laplacian.prior-scale=0 | 'priors.laplacian.prior-scale' | positive",
        "model.prior=spike-and-slab priors.spike-and-slab.temperature.min=-0.5 | 'priors.spike-and-slab.temperature.min' | positive",
        "model.prior=spike-and-slab priors.spike-and-slab.temperature.evaluation=0 | 'priors.spike-and-slab.temperature.evaluation' | positive",
        "model.prior=thresholded-laplacian priors.thresholded-laplacian.estimator=relaxed | 'priors.thresholded-laplacian.estimator' | exact samples",
        "model.prior=thresholded-gaussian priors.thresholded-gaussian.learned-threshold.enabled=true priors.thresholded-gaussian.lambda=0 | 'priors.thresholded-gaussian.lambda' | positive when the threshold is learned",
        "data.batch-size=99.9 | 'data.batch-size' | must be an integer, but is 99.9.",
        "model.samples=0.5 | 'model.samples' | must be an integer, but is 0.5."
    })
    void impossibleFamilySettingsFailAtStartUpNamingTheKey(String overrides, String key, String rule) {
        List<String> args = new ArrayList<>(List.of("run", QuickstartTest.QUICKSTART.toString(), uri()));
        args.addAll(List.of(overrides.trim().split(" ")));
        VscCli.Output o = VscCli.run(args.toArray(String[]::new));
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).startsWith("error: ").contains(key.trim()).contains(rule.trim()).doesNotContain("Exception");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }

    @Test
    void sigtermMarksTheRunKilledAndKeepsItsMetrics() throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                Vsc.class.getName(), "run", QuickstartTest.QUICKSTART.toAbsolutePath().toString(), uri(), "train.epochs=200",
                "run-name=to-be-killed"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("vsc.log").toFile()).start();
        try {
            Path losses = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                losses = findMetric("train/loss");
                if (losses != null && Files.readAllLines(losses).size() >= 5) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(losses).as(Files.readString(tmp.resolve("vsc.log"))).isNotNull();
            process.destroy();  // SIGTERM, as a terminal's Ctrl-C delivers SIGINT: both run the shutdown hook
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        RunSummary run = FileStoreTracker.open(tmp.resolve("mlruns").toString()).catalog().runs(java.util.Optional.empty()).get(0);
        assertThat(run.status()).as(Files.readString(tmp.resolve("vsc.log"))).isEqualTo(RunStatus.KILLED);
        assertThat(run.tags().get("vsc.end.reason")).contains("interrupted");
        assertThat(Files.readAllLines(findMetric("train/loss"))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(Files.readString(tmp.resolve("vsc.log"))).contains("ended KILLED");
    }

    private Path findMetric(String key) throws Exception {
        Path root = tmp.resolve("mlruns");
        if (!Files.isDirectory(root)) {
            return null;
        }
        // The run writes while this reads: files (e.g. .tmp-* of atomic writes) vanish during a walk.
        try (var experiments = Files.list(root)) {
            for (Path experiment : experiments.toList()) {
                try (var runs = Files.list(experiment)) {
                    for (Path run : runs.toList()) {
                        Path metric = run.resolve("metrics").resolve(key);
                        if (Files.isRegularFile(metric)) {
                            return metric;
                        }
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException notARunFolder) {
                    // a file, or a folder being replaced
                }
            }
        }
        return null;
    }
}
