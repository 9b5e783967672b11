package org.vsclab.bench.workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vsclab.bench.BenchContext;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;

/**
 * {@code inference-patches}: {@link InferenceWorkload}'s measurement on natural-image patches. The
 * model is the thresholded Laplacian of the quick linear study ({@code
 * conf/experiments/linear/table-quick.conf}: paper-scale networks and settings, whitened skimage
 * patches), trained for that configuration's run; then encoder (J = 20 + max-ELBO, and J = 1) against
 * FISTA at tolerance 1e-3 on the same dictionary and validation batch, with the study's objective
 * ½‖x − Φz‖² + 20‖z‖₁.
 */
public final class PatchInferenceWorkload extends InferenceWorkload {

    static final String STUDY = "conf/experiments/linear/table-quick.conf";

    @Override
    public String name() {
        return "inference-patches";
    }

    @Override
    public String description() {
        return "inference on natural patches: the quick linear study's thresholded Laplacian (J=20 + selection, J=1) vs FISTA (tol 1e-3), codes/s and objectives (λ = 20)";
    }

    @Override
    protected Problem problem(BenchContext context) {
        Path file = study();
        ExperimentConfig loaded = new ConfigLoader(context.registry().classLoader())
                .load(Optional.of(file), List.of("method=${methods.thresholded-laplacian}", "tracking.uri=file:./mlruns-bench"));
        ExperimentConfig config = new ExperimentConfig(loaded.resolved().withoutPath("sweep"), loaded.file(), loaded.overrides());
        Experiment experiment = new ExperimentBuilder(context.registry()).build(config);
        int steps = context.smoke() ? 20 : (int) experiment.plan().totalSteps();
        return new Problem(experiment, steps, config.settings().number("metrics.sparse-coding.lambda"));
    }

    /** Finds the study's configuration from the working directory or one of its parents (the repository root). */
    private static Path study() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(STUDY);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ConfigError("", "vsc bench inference-patches needs " + STUDY + ": run it from the VSC Lab repository (or a folder inside it).");
    }
}
