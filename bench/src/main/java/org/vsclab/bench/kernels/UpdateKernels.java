package org.vsclab.bench.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.vsclab.kernels.DictionaryKernels;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.OptimizerKernels;
import org.vsclab.spi.Scalars;
import org.vsclab.train.Engines;

/**
 * The host update kernels against the engine sequences they replace, over the array size (the
 * crossover: below some size the engine's per-operation dispatch is cheaper than nothing, above it the
 * passes over memory dominate): SGD-Nesterov on one parameter, and the dictionary's float64 step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class UpdateKernels {

    /** Elements per array: a bias, a 256² and a 1024 × 512 weight. */
    @Param({"256", "65536", "524288"})
    public int size;

    private NDManager manager;
    private NDArray p;
    private NDArray g;
    private NDArray buf;
    private NDArray phi;
    private NDArray phi32;
    private NDArray product;

    /** Builds the operands. */
    @Setup(Level.Trial)
    public void setUp() {
        Engines.requestThreads(0);
        Engines.gradientsOffOnThisThread();
        manager = NDManager.newBaseManager();
        p = manager.randomNormal(new Shape(size));
        g = manager.randomNormal(new Shape(size)).mul(1e-3f);
        buf = manager.zeros(new Shape(size));
        phi = manager.randomNormal(new Shape(size)).toType(DataType.FLOAT64, false);
        phi32 = phi.toType(DataType.FLOAT32, false);
        product = manager.randomNormal(new Shape(size)).toType(DataType.FLOAT64, false);
    }

    /** Releases the operands. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** SGD-Nesterov as the engine sequence (six operations and a temporary). */
    @Benchmark
    public float sgdEngine() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            buf.muli(Scalars.like(buf, 0.9)).addi(g);
            NDArray update = Scalars.times(buf, 0.9).addi(g).muli(Scalars.like(g, 1e-6));
            p.subi(update);
            return 0;
        }
    }

    /** SGD-Nesterov as one host pass. */
    @Benchmark
    public boolean sgdHost() {
        return OptimizerKernels.sgdNesterov(HostViews.floats(p), HostViews.floats(g), HostViews.floats(buf), 0.9f, 0f, 1e-6f);
    }

    /** The dictionary step as the engine sequence. */
    @Benchmark
    public float dictionaryEngine() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray gradient = product.div(Scalars.like(phi, 100)).sub(Scalars.times(phi, 2e-4));
            phi.addi(Scalars.times(gradient, 1e-9));
            phi32.set(new ai.djl.ndarray.index.NDIndex(":"), phi.toType(DataType.FLOAT32, false));
            return 0;
        }
    }

    /** The dictionary step as one host pass. */
    @Benchmark
    public float dictionaryHost() {
        DictionaryKernels.step(HostViews.doubles(product), HostViews.doubles(phi), HostViews.floats(phi32), 100, 2e-4, 1e-9);
        return 0;
    }
}
