package org.vsclab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Scalars;
import org.vsclab.testing.TestEngine;

/**
 * The host SGD-Nesterov pass against the engine operations it replaces (SgdNesterov's engine
 * sequence, written out here), bit for bit over 70,000 values (enough for every
 * rounding case of the float32 operations to occur), and their report of non-finite results.
 */
class OptimizerKernelsTest {

    private static NDManager manager;
    private static final Shape SHAPE = new Shape(350, 200);

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(4);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray random(float scale) {
        return manager.randomNormal(SHAPE).mul(scale);
    }

    @Test
    void sgdNesterovIsTheEngineSequenceBitForBit() {
        double momentum = 0.9;
        double decay = 1e-3;
        double lr = 0.0137;
        NDArray p = random(0.3f);
        NDArray g = random(0.01f);
        NDArray buf = random(0.02f);
        // Engine: SgdNesterov's engine path.
        NDArray gd = g.add(Scalars.times(p, decay));
        NDArray expectedBuf = buf.mul(Scalars.like(buf, momentum)).add(gd);
        NDArray update = Scalars.times(expectedBuf, momentum).add(gd).mul(Scalars.like(gd, lr));
        NDArray expectedP = p.sub(update);

        NDArray hostP = p.duplicate();
        NDArray hostBuf = buf.duplicate();
        boolean finite = OptimizerKernels.sgdNesterov(HostViews.floats(hostP), HostViews.floats(g), HostViews.floats(hostBuf),
                (float) momentum, (float) decay, (float) lr);
        assertThat(finite).isTrue();
        assertSameBits(hostP, expectedP);
        assertSameBits(hostBuf, expectedBuf);
    }

    @Test
    void aNonFiniteGradientIsReported() {
        NDArray p = random(0.3f);
        NDArray g = random(0.01f);
        HostViews.floats(g).put(1234, Float.NaN);
        assertThat(OptimizerKernels.sgdNesterov(HostViews.floats(p), HostViews.floats(g), HostViews.floats(random(0.1f)),
                0.9f, 0f, 0.01f)).isFalse();
    }

    @Test
    void writableViewsAreTheArraysOwnMemory() {
        NDArray a = random(1f);
        assertThat(HostViews.writable(a)).isTrue();
        assertThat(HostViews.writable(a.transpose())).as("a strided view is read through a copy").isFalse();
        float before = a.getFloat(3, 4);
        assertThat(HostViews.writable(a)).isTrue();
        assertThat(a.getFloat(3, 4)).isEqualTo(before);
    }

    /** Asserts equal bits, naming the first differing value and how many differ. */
    private static void assertSameBits(NDArray actual, NDArray expected) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        int differing = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        assertThat(differing).as("values differing in their bits (first: %d, %s instead of %s)", first,
                first < 0 ? "" : a[first], first < 0 ? "" : e[first]).isZero();
    }
}
