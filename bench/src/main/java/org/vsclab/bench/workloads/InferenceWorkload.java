package org.vsclab.bench.workloads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.bench.BenchContext;
import org.vsclab.bench.BenchResult;
import org.vsclab.bench.Measurements;
import org.vsclab.bench.Workload;
import org.vsclab.components.SyntheticDataSource;
import org.vsclab.numerics.Fista;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.Batches;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.Trainer;

/**
 * {@code inference}: amortised inference against FISTA on the same dictionary and batch. A
 * paper-scale thresholded-Laplacian model is trained first (on synthetic data with a known dictionary);
 * then, for a validation batch of 100, codes per second of the encoder with J = 20 samples and max-ELBO
 * selection, of the encoder with J = 1, and of ND4J FISTA at tolerance 1e-3, with the sparse-coding
 * objective ½‖x − Φz‖² + τ‖z‖₁ each reaches (τ = σ²/b_p = κD/(2b_p), the Lasso that is MAP inference
 * in the model).
 */
public class InferenceWorkload implements Workload {

    /** κ = 0.001, D = 256, b_p = 0.1: τ = κD/(2b_p). */
    static final double TAU = 0.001 * PaperScale.D / (2 * 0.1);

    @Override
    public String name() {
        return "inference";
    }

    @Override
    public String description() {
        return "codes/s of the trained encoder (J=20 + selection, and J=1) vs ND4J FISTA (tol 1e-3) on the same batch, and the objective each reaches";
    }

    /** The synthetic problem the model trains on, and FISTA solves. */
    static SyntheticDataSource syntheticProblem() {
        return new SyntheticDataSource(new SyntheticDataSource.Spec(PaperScale.D, PaperScale.K, 10,
                SyntheticDataSource.Amplitude.GAUSSIAN, 1.0, 0.01, 20_000, 1_000, 0));
    }

    /** Returns the first {@code n} rows of a split as a D × n ND4J matrix (one column per datum). */
    static INDArray batchColumns(Dataset data, int n) {
        FloatBuffer buffer = FloatBuffer.allocate(n * data.dimension());
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        data.copyRows(rows, buffer);
        return Nd4j.create(buffer.array(), new long[] {n, data.dimension()}).transpose().dup();
    }

    /**
     * What the benchmark trains and measures with.
     *
     * @param experiment the built experiment (its manager is closed by the benchmark)
     * @param trainSteps how many training steps before measuring
     * @param tau τ of the objective ½‖x − Φz‖² + τ‖z‖₁ and of FISTA
     */
    protected record Problem(Experiment experiment, int trainSteps, double tau) {}

    /**
     * Returns the model to train and the objective's τ: here the paper-scale model on synthetic data
     * with a known dictionary, 3,000 steps, τ = κD/(2b_p).
     *
     * @param context the benchmark's options and plugins
     * @return the problem
     */
    protected Problem problem(BenchContext context) {
        return new Problem(new ExperimentBuilder(context.registry()).build(PaperScale.config(context.registry(),
                "data-sources.synthetic.active=10", "data-sources.synthetic.amplitude.scale=1.0",
                "model.kl-weight=0.001", "priors.thresholded-laplacian.lambda=null", "model.target-sparsity=0.05",
                "priors.thresholded-laplacian.warmup.begin=\"5%\"", "priors.thresholded-laplacian.warmup.end=\"30%\"",
                "train.optimizer.type=adam", "train.optimizer.learning-rate=0.001", "train.optimizer.betas=[0.9, 0.999]")),
                context.smoke() ? 20 : 3000, TAU);
    }

    @Override
    public BenchResult run(BenchContext context) {
        Problem problem = problem(context);
        Experiment experiment = problem.experiment();
        int trainSteps = problem.trainSteps();
        double tau = problem.tau();
        try (var manager = experiment.manager()) {
            Trainer trainer = PaperScale.trainer(experiment);
            SplittableRandom random = new SplittableRandom(2);
            Dataset train = experiment.data().train();
            int perEpoch = train.size() / PaperScale.BATCH;
            long started = System.nanoTime();
            for (int step = 0; step < trainSteps; step++) {
                int[] order = Batches.permutation(train.size(), random);
                trainer.step(train, Batches.slice(order, 0, PaperScale.BATCH), new TrainingClock(step, trainSteps, step / perEpoch));
            }
            context.out().printf(Locale.ROOT, "  trained %d steps in %.1f s%n", trainSteps, (System.nanoTime() - started) / 1e9);

            Matrix dictionary = experiment.model().generator().dictionary().orElseThrow();
            Fista fista = new Fista(dictionary);
            Dataset validation = experiment.data().validation();
            INDArray columns = batchColumns(validation, PaperScale.BATCH);
            int repetitions = context.iterations(50, 3);
            SparseCodingModel j20 = experiment.model();
            SparseCodingModel j1 = j20.withSamples(1);
            // The three are timed in turn within each repetition, so that all see the same machine.
            int[] rows = new int[PaperScale.BATCH];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            double[] ms20 = new double[repetitions];
            double[] ms1 = new double[repetitions];
            double[] fistaMs = new double[repetitions];
            float[] codes20 = null;
            float[] codes1 = null;
            Fista.Result solution = null;
            for (int r = -3; r < repetitions; r++) {
                long t0 = System.nanoTime();
                codes20 = encode(j20, validation, rows, manager, r);
                long t1 = System.nanoTime();
                codes1 = encode(j1, validation, rows, manager, r);
                long t2 = System.nanoTime();
                solution = fista.solve(columns, tau, 500, 1e-3);
                long t3 = System.nanoTime();
                if (r >= 0) {
                    ms20[r] = (t1 - t0) / 1e6;
                    ms1[r] = (t2 - t1) / 1e6;
                    fistaMs[r] = (t3 - t2) / 1e6;
                }
            }
            Timed encoder20 = new Timed(Measurements.median(ms20), asColumns(codes20));
            Timed encoder1 = new Timed(Measurements.median(ms1), asColumns(codes1));
            double fistaMedian = Measurements.median(fistaMs);
            double fistaObjective = fista.objective(columns, solution.codes(), tau);
            double objective20 = fista.objective(columns, encoder20.codes(), tau);
            double objective1 = fista.objective(columns, encoder1.codes(), tau);
            double perSecond = PaperScale.BATCH * 1e3;
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("encoder_j20_codes_per_s", perSecond / encoder20.medianMs());
            figures.put("encoder_j1_codes_per_s", perSecond / encoder1.medianMs());
            figures.put("fista_codes_per_s", perSecond / fistaMedian);
            figures.put("fista_iterations", (double) solution.iterations());
            figures.put("speedup_j20_vs_fista", fistaMedian / encoder20.medianMs());
            figures.put("speedup_j1_vs_fista", fistaMedian / encoder1.medianMs());
            figures.put("objective_fista", fistaObjective);
            figures.put("objective_j20", objective20);
            figures.put("objective_j1", objective1);
            figures.put("objective_ratio_j20", objective20 / fistaObjective);
            figures.put("objective_ratio_j1", objective1 / fistaObjective);
            figures.put("tau", tau);
            figures.put("peak_rss_mb", Measurements.peakResidentMb());
            figures.forEach((k, v) -> context.out().printf(Locale.ROOT, "  %-26s %.4g%n", k, v));
            String summary = String.format(Locale.ROOT,
                    name() + ": encoder J=20+selection %.0f codes/s (%.1f× FISTA, objective %.2f× FISTA's), J=1 %.0f codes/s (%.1f×, %.2f×), "
                            + "FISTA %.0f codes/s (%d iterations to tol 1e-3)",
                    figures.get("encoder_j20_codes_per_s"), figures.get("speedup_j20_vs_fista"), figures.get("objective_ratio_j20"),
                    figures.get("encoder_j1_codes_per_s"), figures.get("speedup_j1_vs_fista"), figures.get("objective_ratio_j1"),
                    figures.get("fista_codes_per_s"), solution.iterations());
            return new BenchResult(summary, figures);
        }
    }

    /** Median time of encoding the batch, and its codes (K × B, for the objective). */
    private record Timed(double medianMs, INDArray codes) {}

    /** Encodes the batch (gathering it included) and returns its codes, B × K row-major. */
    private static float[] encode(SparseCodingModel model, Dataset validation, int[] rows, ai.djl.ndarray.NDManager manager, int seed) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = Batches.gather(validation, rows, manager);
            EngineSamplingContext context = new EngineSamplingContext(manager, TrainingClock.finished(1, 1), false,
                    new SplittableRandom(seed + 10));
            return model.infer(x, context).toFloatArray();
        }
    }

    private static INDArray asColumns(float[] codes) {
        return Nd4j.create(codes, new long[] {PaperScale.BATCH, PaperScale.K}).transpose().dup();
    }
}
