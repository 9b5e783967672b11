package org.vsclab.bench.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vsclab.components.LinearDictionary;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.Ramp;
import org.vsclab.family.StraightThroughEstimator;
import org.vsclab.family.ThresholdedFamily;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.LinearScoring;
import org.vsclab.kernels.SparseCodes;
import org.vsclab.spi.Heads;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.Engines;

/**
 * The host kernels of the max-ELBO scoring pass against the engine operations they replace, at the
 * paper's scale (B = 100, J = 20, K = D = 256) and over the density of non-zero codes, which sets the
 * crossovers: drawing the J thresholded-Laplace samples (engine family sampling vs the host twin), and
 * scoring them (decoding from the non-zeros on the host vs one dense engine product, scored on the
 * host). {@code LinearScoring.DENSITY_CROSSOVER} is where {@code sparseScoring} meets
 * {@code denseScoring}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class ScoringKernels {

    /** The posterior scale b (log-scale head ln b), which with λ = 0.25 fixes the density e^(−λ/b). */
    @Param({"0.06", "0.08", "0.11", "0.16", "0.21", "0.36", "0.72", "4.0"})
    public double scale;

    private NDManager manager;
    private ThresholdedFamily family;
    private LinearDictionary dictionary;
    private Heads heads;
    private NDArray codes;
    private SparseCodes nonZeros;
    private float[] data;
    private float[] errors;
    private EngineSamplingContext context;

    /** Builds the operands; the codes are one draw at this density. */
    @Setup(Level.Trial)
    public void setUp() {
        Engines.requestThreads(0);
        Engines.gradientsOffOnThisThread();
        Engines.seed(0);
        manager = NDManager.newBaseManager();
        family = new ThresholdedFamily(new LaplaceBase(0.1), 0.25, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        dictionary = new LinearDictionary(manager, 256, 256, 0.5, 0.99, 1e-4, false);
        heads = new Heads(Map.of("loc", manager.randomNormal(new Shape(100, 256)).mul(0.3f),
                "log-scale", manager.zeros(new Shape(100, 256)).add((float) Math.log(scale))));
        context = new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true, false, new SplittableRandom(1));
        codes = family.sampleOnHost(heads, 20, context).codes();
        nonZeros = SparseCodes.of(2000, 256).fill(HostViews.copy(codes));
        data = HostViews.copy(manager.randomNormal(new Shape(100, 256)));
        errors = new float[2000];
        System.out.printf("%n  density of non-zero codes at b = %s: %.3f%n", scale, nonZeros.density());
    }

    /** Releases the operands. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** The family's engine sampling of J = 20 per datum (no gradient bookkeeping), as before the kernels. */
    @Benchmark
    public float engineSampling() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return family.sample(heads, 20, context).codes().getFloat(0, 0, 0);
        }
    }

    /** The same draw by the host twin: one pass over the raw draws, the log for the non-zeros only. */
    @Benchmark
    public long hostSampling() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return family.sampleOnHost(heads, 20, context).nonZeros().nonZeros();
        }
    }

    /** Scoring from the non-zeros on the host (dictionary atoms copied out included). */
    @Benchmark
    public float sparseScoring() {
        LinearScoring.sparseErrors(nonZeros, LinearScoring.atoms(dictionary.decodingDictionary()), data, 20, errors, null);
        return errors[0];
    }

    /** Scoring by one dense engine product, its reconstructions scored on the host. */
    @Benchmark
    public float denseScoring() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray decoded = dictionary.decode(codes.reshape(2000, 256), false);
            LinearScoring.errors(HostViews.floats(decoded), data, 20, 256, errors);
            return errors[0];
        }
    }

    /** Scoring as before the kernels: the dense product and the engine's subtract, square and mean. */
    @Benchmark
    public float engineScoring() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray decoded = dictionary.decode(codes.reshape(2000, 256), false).reshape(100, 20, 256);
            NDArray x = manager.create(data, new Shape(100, 1, 256));
            return x.sub(decoded).square().mean(new int[] {2}).getFloat(0, 0);
        }
    }
}
