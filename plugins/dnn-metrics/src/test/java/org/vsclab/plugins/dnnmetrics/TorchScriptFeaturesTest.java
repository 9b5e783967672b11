package org.vsclab.plugins.dnnmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.io.Npy;
import org.vsclab.testing.TestEngine;

/** A TorchScript extractor saved by PyTorch 1.13 ({@code scripts/make_test_extractor.py}) runs through DJL with PyTorch's values. */
class TorchScriptFeaturesTest {

    static Path extractor(Path dir) throws IOException {
        try (InputStream in = TorchScriptFeaturesTest.class.getResourceAsStream("/fixtures/pool_extractor.pt")) {
            Path file = dir.resolve("pool_extractor.pt");
            Files.copy(in, file);
            return file;
        }
    }

    @Test
    void givesTheFeaturesPyTorchComputed(@TempDir Path dir) throws IOException {
        float[] x = new float[3 * 28 * 28];
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 28; i++) {
                for (int j = 0; j < 28; j++) {
                    x[(n * 28 + i) * 28 + j] = ((n * 31 + i * 7 + j * 3) % 17) / 16f;
                }
            }
        }
        float[] expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/pool_extractor_out.npy")) {
            expected = Npy.read(in.readAllBytes(), "pool_extractor_out.npy").toFloats();
        }
        try (NDManager manager = TestEngine.manager(0); TorchScriptFeatures features = new TorchScriptFeatures(extractor(dir))) {
            NDArray out = features.features(manager.create(x, new Shape(3, 1, 28, 28)));
            assertThat(out.getShape()).isEqualTo(new Shape(3, 49));
            float[] ours = out.toFloatArray();
            for (int i = 0; i < ours.length; i++) {
                assertThat(ours[i]).as("feature " + i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6f));
            }
            assertThat(features.sha256()).hasSize(64);
        }
    }

    @Test
    void aMissingOrBrokenFileIsNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("inception.pt");
        assertThatThrownBy(() -> new TorchScriptFeatures(missing)).hasMessageStartingWith(missing + ": no such file. Make one with");
        Path junk = Files.writeString(dir.resolve("junk.pt"), "not a model");
        assertThatThrownBy(() -> new TorchScriptFeatures(junk)).hasMessageStartingWith(junk + ": not a TorchScript model");
    }
}
