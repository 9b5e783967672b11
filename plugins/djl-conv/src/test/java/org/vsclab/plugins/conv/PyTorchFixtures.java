package org.vsclab.plugins.conv;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.spi.Param;

/** The arrays {@code fixtures/make_fixtures.py} computed with PyTorch, and the weight formula it shares with the tests. */
final class PyTorchFixtures {

    private PyTorchFixtures() {}

    /** Loads {@code fixtures/<name>.npy} from the test resources as an engine array. */
    static NDArray load(NDManager manager, String name) {
        String resource = "/fixtures/" + name + ".npy";
        try (InputStream in = PyTorchFixtures.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " (regenerate with fixtures/make_fixtures.py)").isNotNull();
            NpyArray array = Npy.read(in.readAllBytes(), resource);
            return manager.create(array.toFloats(), new Shape(array.shape()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Overwrites a network's parameters, in order, with the script's formula: the t-th tensor holds
     * offset + scale·sin(0.37·i + t) at flat index i; scale 0.3 for linear and convolution tensors,
     * 1 + 0.5·sin for batch-norm weights and 0.2·sin for batch-norm biases.
     */
    static void fill(List<Param> parameters) {
        for (int t = 0; t < parameters.size(); t++) {
            Param p = parameters.get(t);
            boolean norm = p.name().startsWith("norm.");
            double offset = norm && p.name().endsWith(".weight") ? 1.0 : 0.0;
            double scale = norm ? (p.name().endsWith(".weight") ? 0.5 : 0.2) : 0.3;
            float[] values = new float[(int) p.value().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (offset + scale * Math.sin(0.37 * i + t));
            }
            p.value().set(values);
        }
    }

    /** Asserts that two arrays have the same shape and agree within an absolute tolerance. */
    static void assertClose(NDArray actual, NDArray expected, double tolerance, String what) {
        assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        double worst = 0;
        int at = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - e[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as(what + ": largest |difference| at flat index " + at + " (" + a[at] + " vs " + e[at] + ")")
                .isLessThanOrEqualTo(tolerance);
    }
}
