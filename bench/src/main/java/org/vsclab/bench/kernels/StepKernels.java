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
import org.vsclab.spi.Heads;
import org.vsclab.spi.TrainingClock;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.Engines;

/**
 * The element-wise and decoding kernels of a paper-scale step (B = 100, J = 20, K = D = 256): drawing
 * J thresholded-Laplace samples, and decoding them with the dictionary.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class StepKernels {

    private NDManager manager;
    private ThresholdedFamily family;
    private LinearDictionary dictionary;
    private Heads heads;
    private NDArray codes;

    /** Builds the operands. */
    @Setup(Level.Trial)
    public void setUp() {
        Engines.requestThreads(0);
        Engines.gradientsOffOnThisThread();
        Engines.seed(0);
        manager = NDManager.newBaseManager();
        family = new ThresholdedFamily(new LaplaceBase(0.1), 0.25, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        dictionary = new LinearDictionary(manager, 256, 256, 0.5, 0.99, 1e-4, false);
        heads = new Heads(Map.of("loc", manager.randomNormal(new Shape(100, 256)),
                "log-scale", manager.randomNormal(new Shape(100, 256)).sub(2)));
        codes = manager.randomNormal(new Shape(100, 20, 256));
    }

    /** Releases the operands. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** J = 20 thresholded-Laplace samples per datum (no gradient graph). */
    @Benchmark
    public float sampleThresholdedLaplace() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            EngineSamplingContext context = new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true, new SplittableRandom(1));
            return family.sample(heads, 20, context).codes().getFloat(0, 0, 0);
        }
    }

    /** Decoding B × J codes with the 256 × 256 dictionary. */
    @Benchmark
    public float decodeAllSamples() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return dictionary.decode(codes, true).getFloat(0, 0, 0);
        }
    }
}
