package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunEndedException;
import org.vsclab.run.RunResult;
import org.vsclab.spi.RunStatus;
import org.vsclab.sweep.SweepGrid;
import org.vsclab.train.StopSignal;

/**
 * The robust profile ({@code conf/profiles/robust.conf}) on issue 8 item 8's problem family
 * ({@code conf/experiments/robust/heavy-tailed.conf}: heavy-tailed signed-exponential amplitudes):
 * the run never diverges (a non-finite loss, gradient or parameter ends it FAILED) and the
 * thresholded families recover the true atoms one-to-one at |cos| &gt; 0.95.
 *
 * <p>The quick variant (default test run) trains small problems at both ends of the amplitude range;
 * the full check — the issue's problems, 9,000 steps — runs with {@code -Dvsc.study=true} (tag
 * {@code study}).
 */
class RobustProfileTest {

    static final Path PROBLEM = Path.of("../conf/experiments/robust/heavy-tailed.conf");
    private static final ComponentRegistry REGISTRY = PluginLoader.load(List.of());

    @TempDir
    Path tmp;

    private ExperimentConfig problem(List<String> overrides) {
        List<String> all = new ArrayList<>(overrides);
        all.add("tracking.uri=" + tmp.resolve("mlruns"));
        all.add("train.checkpoint.every-epochs=1000");
        return new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(PROBLEM), all);
    }

    /** Trains one problem and returns the fraction of true atoms recovered; fails the test if the run diverged. */
    private double recovered(String prior, double scale, int problemSeed, int seed, List<String> extra) {
        List<String> overrides = new ArrayList<>(List.of("model.prior=" + prior,
                "data-sources.synthetic.amplitude.scale=" + scale, "data-sources.synthetic.seed=" + problemSeed, "seed=" + seed));
        overrides.addAll(extra);
        String what = String.format(Locale.ROOT, "%s, amplitude scale %s, problem %d, seed %d", prior, scale, problemSeed, seed);
        RunResult result;
        try {
            result = new ExperimentRunner(REGISTRY, List.of(), new StopSignal()).run(problem(overrides));
        } catch (RunEndedException e) {
            return fail(what + " did not finish (a non-finite loss, gradient or parameter ends a diverging run): " + e.getMessage(), e);
        }
        assertThat(result.status()).as(what).isEqualTo(RunStatus.FINISHED);
        double fraction = result.metrics().get("dict/atoms_recovered");
        System.out.printf(Locale.ROOT, "RobustProfileTest: %s: %.3f of the true atoms recovered%n", what, fraction);
        return fraction;
    }

    @Test
    void theProfileSetsItsKeysOnWhicheverThresholdedPriorIsChosenAndLeavesThePapersDefaults() {
        for (String prior : List.of("thresholded-laplacian", "thresholded-gaussian")) {
            var s = problem(List.of("model.prior=" + prior)).settings();
            assertThat(s.number("priors." + prior + ".scale-bounds.min")).as(prior).isEqualTo(1e-3);
            assertThat(s.number("priors." + prior + ".scale-bounds.max")).as(prior).isEqualTo(10);
            assertThat(s.string("data.standardize")).isEqualTo("scale");
            assertThat(s.string("generators.linear-dictionary.step-bound")).isEqualTo("gershgorin");
            assertThat(s.bool("generators.linear-dictionary.resample.enabled")).isTrue();
        }
        var quickstart = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(QuickstartTest.QUICKSTART), List.of()).settings();
        assertThat(quickstart.root().getIsNull("priors.thresholded-laplacian.scale-bounds")).isTrue();
        assertThat(quickstart.bool("generators.linear-dictionary.bounded-step")).isFalse();
        assertThat(quickstart.bool("generators.linear-dictionary.resample.enabled")).isFalse();
        assertThat(quickstart.string("data.standardize")).isEqualTo("none");
    }

    @Test
    void theCheckIsBothThresholdedFamiliesTimesThreeAmplitudeScalesOf9000Steps() {
        Path check = PROBLEM.resolveSibling("check.conf");
        ExperimentConfig config = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(check), List.of());
        List<List<String>> points = SweepGrid.of(config, List.of(), 0).points();
        assertThat(points).hasSize(6);
        List<String> seen = new ArrayList<>();
        for (List<String> point : points) {
            var s = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(check), point).settings();
            seen.add(s.string("model.prior") + "@" + s.number("data-sources.synthetic.amplitude.scale"));
            assertThat(s.string("data.standardize")).isEqualTo("scale");
            assertThat(s.string("data-sources.synthetic.amplitude.distribution")).isEqualTo("signed-exponential");
            assertThat(s.integers("encoders.mlp.hidden")).containsExactly(512, 1024, 512, 256);
            assertThat(s.integer("data-sources.synthetic.train-samples") / s.integer("data.batch-size") * s.integer("train.epochs"))
                    .as("training steps").isEqualTo(9000);
            assertThat(s.number("metrics.dictionary.atom-match-cosine")).isEqualTo(0.95);
        }
        assertThat(seen).containsExactlyInAnyOrder("thresholded-laplacian@0.1", "thresholded-laplacian@1.0", "thresholded-laplacian@5.0",
                "thresholded-gaussian@0.1", "thresholded-gaussian@1.0", "thresholded-gaussian@5.0");
    }

    /**
     * The issue's scale-5 problem ({@code heavy-tailed.conf} as shipped, the 9,000-step schedule), stopped
     * after its first 400 steps: without the bounded scale link the thresholded Laplacian's encoder
     * gradient turns NaN (measured: step 276), with the whole profile the run gets past step 400. The
     * control is a fixed trajectory: if a change of numerics moves its divergence beyond step 400, this
     * test says so and the step budget needs a new measurement.
     */
    @Test
    void theIssuesProblemDivergesWithoutTheScaleBoundAndNotWithTheProfile() throws Exception {
        Path unboundedStore = tmp.resolve("unbounded");
        RunEndedException unbounded = firstSteps(List.of("priors.thresholded-laplacian.scale-bounds=null"), unboundedStore);
        assertThat(unbounded.status()).as("the paper's scale link: " + unbounded.getMessage()).isEqualTo(RunStatus.FAILED);
        assertThat(unbounded.getMessage()).contains("not finite");
        RunEndedException profile = firstSteps(List.of(), tmp.resolve("profile"));
        assertThat(profile.status()).as("the profile: " + profile.getMessage()).isEqualTo(RunStatus.KILLED);
    }

    /** Runs heavy-tailed.conf until it fails or has logged {@value #FIRST_STEPS} training steps, then stops it. */
    private RunEndedException firstSteps(List<String> overrides, Path store) throws Exception {
        List<String> all = new ArrayList<>(overrides);
        all.add("tracking.uri=" + store);
        all.add("train.checkpoint.every-epochs=1000");
        ExperimentConfig config = new ConfigLoader(REGISTRY.classLoader()).load(Optional.of(PROBLEM), all);
        StopSignal stop = new StopSignal();
        Thread watcher = new Thread(() -> {
            while (!stop.requested()) {
                if (loggedSteps(store) >= FIRST_STEPS) {
                    stop.request("stopped by the test after " + FIRST_STEPS + " steps");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try {
            new ExperimentRunner(REGISTRY, List.of(), stop).run(config);
            return fail("the run finished all its steps; it should have been stopped or have failed");
        } catch (RunEndedException e) {
            return e;
        } finally {
            watcher.interrupt();
            watcher.join();
        }
    }

    private static final int FIRST_STEPS = 400;

    /** The number of training steps a store's (only) run has logged so far (metrics/train/loss, one line a step). */
    private static long loggedSteps(Path store) {
        try (var files = Files.walk(store)) {
            Optional<Path> loss = files.filter(p -> p.endsWith(Path.of("metrics", "train", "loss"))).findFirst();
            if (loss.isEmpty()) {
                return 0;
            }
            try (var lines = Files.lines(loss.get())) {
                return lines.count();
            }
        } catch (IOException | UncheckedIOException e) {
            return 0;   // not written yet
        }
    }

    /**
     * A 2×-overcomplete problem a quarter of the issue's size (D = 32, K = 64, k = 3, 6,000 samples,
     * one hidden layer of 256, 20 epochs of 60 steps; about 30 s each), at amplitude scales 0.1 and 5
     * with both thresholded families, each its own generated problem and seed. {@code measured} is what
     * the run recovered on the development machine (the quickstart's settings on the same standardised
     * data: 0.016 for the first row; the profile before it resampled atoms: 0.875 and 0.594, with resampling
     * at Adam 1e-3: 0.813 and 0.531 — on runs this short, a resampling window of 5 % is 60 steps and Adam
     * 5e-4 learns more slowly); the bound is that less three binomial standard errors
     * over the K = 64 true atoms, 3·√(m(1 − m)/64), so only a real loss of recovery fails.
     */
    @ParameterizedTest(name = "{0} at amplitude scale {1}")
    @CsvSource({"thresholded-laplacian, 0.1, 11, 1, 0.750", "thresholded-gaussian, 5.0, 12, 2, 0.578"})
    void aSmallProblemNeverDivergesAndIsRecovered(String prior, double scale, int problemSeed, int seed, double measured) {
        int atoms = 64;
        double fraction = recovered(prior, scale, problemSeed, seed, List.of("data-sources.synthetic.dimension=32",
                "data-sources.synthetic.atoms=" + atoms, "model.latent-dim=" + atoms, "data-sources.synthetic.active=3",
                "data-sources.synthetic.train-samples=6000", "encoders.mlp.hidden=[256]", "train.epochs=20"));
        double bound = measured - 3 * Math.sqrt(measured * (1 - measured) / atoms);
        assertThat(fraction).as("fraction of the %d true atoms recovered at |cos| > 0.95", atoms).isGreaterThanOrEqualTo(bound);
    }

    /**
     * The issue's criterion on its problems: D = 64, K = 128, k = 6, 30,000 samples, the paper's MLP
     * widths, 9,000 steps; both thresholded families at amplitude scales 0.1, 1 and 5, each a generated
     * problem and seed of its own (6 runs, 6–10 min each on 2 cores). Each must finish and recover at
     * least 90 % of the true atoms; every run's fraction is printed. Opt-in: {@code -Dvsc.study=true}.
     */
    @Test
    @Tag("study")
    @EnabledIfSystemProperty(named = "vsc.study", matches = "true")
    void theIssuesProblemsNeverDivergeAndAreRecoveredWithin9000Steps() {
        List<String> failures = new ArrayList<>();
        int run = 0;
        for (String prior : List.of("thresholded-laplacian", "thresholded-gaussian")) {
            for (double scale : new double[] {0.1, 1, 5}) {
                run++;
                double fraction = recovered(prior, scale, 100 + run, run, List.of());
                if (fraction < 0.9) {
                    failures.add(String.format(Locale.ROOT, "%s at scale %s (problem %d, seed %d): %.3f", prior, scale, 100 + run, run, fraction));
                }
            }
        }
        assertThat(failures).as("runs that recovered fewer than 90 percent of the true atoms").isEmpty();
    }
}
