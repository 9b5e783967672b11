package org.vsclab.plugins.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST from Debian's dataset-fashion-mnist (./install puts it in /usr/share/datasets): the
 * published checksums, labels and pixel statistics of stack.md §9.1; and the errors for bad folders.
 */
class FashionMnistTest {

    private static FashionMnist data;

    @BeforeAll
    static void read() throws IOException {
        Path folder = Path.of(FashionMnist.DEBIAN_PATH);
        assertThat(folder).as("Fashion-MNIST is missing: run ./install (apt-get install dataset-fashion-mnist)").isDirectory();
        data = new FashionMnist(folder, 0, 0, true);
    }

    @Test
    void hasThePublishedSizesLabelsAndPixelStatistics() {
        assertThat(data.train().size()).isEqualTo(60_000);
        assertThat(data.validation().size()).isEqualTo(10_000);
        assertThat(data.train().sampleShape()).isEqualTo(new Shape(1, 28, 28));
        assertThat(IntStream.range(0, 10).map(data.train()::label).toArray()).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        int[] perClass = new int[10];
        IntStream.range(0, 60_000).forEach(i -> perClass[data.train().label(i)]++);
        assertThat(perClass).containsOnly(6000);
        FloatBuffer all = FloatBuffer.allocate(60_000 * 784);
        data.train().copyRows(IntStream.range(0, 60_000).toArray(), all);
        double sum = 0;
        double sumSquares = 0;
        float min = 1;
        float max = 0;
        for (int i = 0; i < all.capacity(); i++) {
            float v = all.get(i);
            sum += v;
            sumSquares += (double) v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / all.capacity();
        double std = Math.sqrt(sumSquares / all.capacity() - mean * mean);
        // stack.md §9.1 gives them to 5 digits.
        assertThat(mean).isBetween(0.286035, 0.286045);
        assertThat(std).isBetween(0.353015, 0.353025);
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
        assertThat(data.identity()).containsEntry("vsc.data.train-images-idx3-ubyte.sha256",
                FashionMnist.SHA256.get("train-images-idx3-ubyte"));
    }

    @Test
    void takesTheFirstImagesOfASubset() throws IOException {
        FashionMnist subset = new FashionMnist(Path.of(FashionMnist.DEBIAN_PATH), 100, 20, false);
        assertThat(subset.train().size()).isEqualTo(100);
        assertThat(subset.validation().size()).isEqualTo(20);
        FloatBuffer a = FloatBuffer.allocate(784);
        FloatBuffer b = FloatBuffer.allocate(784);
        subset.train().copyRows(new int[] {42}, a);
        data.train().copyRows(new int[] {42}, b);
        assertThat(a.array()).containsExactly(b.array());
        assertThatThrownBy(() -> new FashionMnist(Path.of(FashionMnist.DEBIAN_PATH), 70_000, 0, false))
                .hasMessageContaining("holds 60000 images, fewer than the 70000 asked for (data-sources.fmnist.train-samples)");
    }

    @Test
    void aMissingFolderSaysHowToInstallTheData(@TempDir Path dir) {
        Path missing = dir.resolve("fmnist");
        assertThatThrownBy(() -> new FashionMnist(missing, 0, 0, true))
                .hasMessageStartingWith(missing + ": no such folder. Install Fashion-MNIST with 'apt-get install dataset-fashion-mnist'");
        assertThatThrownBy(() -> new FashionMnist(dir, 0, 0, true))
                .hasMessageStartingWith(dir.resolve("train-images-idx3-ubyte.gz") + ": no such file");
    }

    @Test
    void otherFilesFailTheChecksumUnlessItIsTurnedOff(@TempDir Path dir) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), IdxFileTest.gzip(IdxFileTest.idx(0x803, new int[] {4, 28, 28}, 4 * 784)));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), IdxFileTest.idx(0x801, new int[] {4}, 4));
        }
        assertThatThrownBy(() -> new FashionMnist(dir, 0, 0, true))
                .hasMessageContaining("train-images-idx3-ubyte.gz: not the published Fashion-MNIST file")
                .hasMessageContaining("verify-checksums = false");
        FashionMnist own = new FashionMnist(dir, 0, 0, false);
        assertThat(own.train().size()).isEqualTo(4);
        assertThat(own.validation().label(2)).isEqualTo(14);
    }
}
