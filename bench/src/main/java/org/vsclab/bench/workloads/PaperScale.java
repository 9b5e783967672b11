package org.vsclab.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.Experiment;
import org.vsclab.train.Trainer;

/**
 * The paper-scale linear problem the benchmarks share (method.md §15.1 and performance.md): D = K = 256,
 * batch 100, J = 20, the MLP 256-512-1024-512-256, the thresholded Laplacian with max-ELBO and the
 * dictionary update; synthetic data with k = 10 active atoms whose amplitudes give about unit variance
 * per pixel, like the paper's standardised patches.
 */
final class PaperScale {

    static final int D = 256;
    static final int K = 256;
    static final int BATCH = 100;
    static final int SAMPLES = 20;
    static final int[] HIDDEN = {512, 1024, 512, 256};

    private PaperScale() {}

    /** Returns the configuration, with extra overrides applied last. */
    static ExperimentConfig config(ComponentRegistry registry, String... extra) {
        List<String> overrides = new ArrayList<>(List.of(
                "experiment=bench", "tracking.uri=file:./mlruns-bench",
                "data.source=synthetic", "data.batch-size=" + BATCH,
                "data-sources.synthetic.dimension=" + D, "data-sources.synthetic.atoms=" + K,
                "data-sources.synthetic.active=10", "data-sources.synthetic.amplitude.scale=5.0",
                "data-sources.synthetic.noise=0.01",
                "data-sources.synthetic.train-samples=20000", "data-sources.synthetic.validation-samples=1000",
                "model.prior=thresholded-laplacian", "model.latent-dim=" + K, "model.samples=" + SAMPLES,
                "model.selector=max", "encoders.mlp.hidden=[512, 1024, 512, 256]",
                "priors.thresholded-laplacian.lambda=0.25",
                "train.optimizer.type=sgd-nesterov", "train.epochs=300"));
        overrides.addAll(List.of(extra));
        return new ConfigLoader(registry.classLoader()).load(Optional.empty(), overrides);
    }

    /**
     * Returns the floating-point operations one training step needs, counted from the shapes: the
     * encoder forward (trunk and the two heads), its backward (twice the forward, less the unneeded
     * gradient of the input), decoding all J samples, and for the selected sample only, the decoder's
     * backward and the dictionary gradient (performance.md: about 1.2 GFLOP).
     *
     * @param heads the number of encoder heads
     * @param samples J
     * @return FLOPs
     */
    /** Returns a trainer of an experiment without listeners, metrics or checkpoints: the step alone. */
    static Trainer trainer(Experiment experiment) {
        return Trainer.builder().setModel(experiment.model()).setOptimizer(experiment.optimizer())
                .setSchedule(experiment.schedule()).setPlan(experiment.plan()).setManager(experiment.manager())
                .optSeed(experiment.seed()).build();
    }

    static double flopsPerStep(int heads, int samples) {
        double forward = 0;
        int in = D;
        for (int width : HIDDEN) {
            forward += 2.0 * BATCH * in * width;
            in = width;
        }
        forward += 2.0 * BATCH * in * heads * K;
        double backward = 2 * forward - 2.0 * BATCH * D * HIDDEN[0];
        double decode = 2.0 * BATCH * samples * K * D;
        double selectedBackward = 2.0 * BATCH * K * D;
        double dictionaryGradient = 2.0 * BATCH * D * K;
        return forward + backward + decode + selectedBackward + dictionaryGradient;
    }
}
