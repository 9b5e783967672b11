package org.vsclab.bench.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.Warmup;
import org.vsclab.numerics.Fista;
import org.vsclab.spi.Matrix;

/** FISTA at the paper's scale (K = D = 256, batch 100): 50 iterations, and the K × K by K × B product alone. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class FistaKernels {

    private Fista fista;
    private INDArray batch;
    private INDArray gram;
    private INDArray codes;
    private INDArray product;

    /** Builds a random unit-norm dictionary and a batch. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0);
        double[] phi = new double[256 * 256];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = random.nextDouble() * 2 - 1;
        }
        fista = new Fista(new Matrix(256, 256, phi));
        batch = Nd4j.rand(DataType.FLOAT, 256, 100);
        gram = Nd4j.rand(DataType.FLOAT, 256, 256);
        codes = Nd4j.rand(DataType.FLOAT, 256, 100);
        product = Nd4j.createUninitialized(DataType.FLOAT, 256, 100);
    }

    /** 50 FISTA iterations on the batch (per-iteration cost = score / 50). */
    @Benchmark
    public int fiftyIterations() {
        return fista.solve(batch, 0.5, 50, -1).iterations();
    }

    /** The iteration's only product: the K × K Gram matrix times K × B codes. */
    @Benchmark
    public INDArray gramTimesCodes() {
        return Nd4j.gemm(gram, codes, product, false, false, 1.0, 0.0);
    }
}
