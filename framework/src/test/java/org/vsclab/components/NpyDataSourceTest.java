package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.io.Npy;
import org.vsclab.plugin.BuildContext;
import org.vsclab.spi.DataSource;

/** The .npy data source and its errors, as a user meets them through the config. */
class NpyDataSourceTest {

    @TempDir
    Path dir;

    private DataSource load(Path train, Path validation) {
        var config = new ConfigLoader(getClass().getClassLoader()).load(Optional.empty(),
                List.of("data-sources.npy.train=" + train, "data-sources.npy.validation=" + validation));
        return new NpyDataSourceFactory().create(config.settings().at("data-sources.npy"), (BuildContext) null);
    }

    @Test
    void readsFloat32AndFloat64Matrices() throws Exception {
        Path train = dir.resolve("train.npy");
        Path validation = dir.resolve("val.npy");
        Npy.write(train, new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Npy.write(validation, new double[] {7, 8}, 1, 2);
        DataSource data = load(train, validation);
        assertThat(data.train().size()).isEqualTo(3);
        assertThat(data.train().dimension()).isEqualTo(2);
        java.nio.FloatBuffer out = java.nio.FloatBuffer.allocate(4);
        data.train().copyRows(new int[] {2, 0}, out);
        assertThat(out.array()).containsExactly(5, 6, 1, 2);
        assertThat(data.identity()).containsKeys("vsc.data.train.sha256", "vsc.data.validation.sha256");
    }

    @Test
    void missingFileNamesThePathAndHowToMakeOne() {
        assertThatThrownBy(() -> load(dir.resolve("absent.npy"), dir.resolve("val.npy")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("absent.npy")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("numpy.save");
    }

    @Test
    void wrongDtypeIsNamed() throws Exception {
        Path train = dir.resolve("ints.npy");
        byte[] bytes = Npy.toBytes(new float[] {1, 2}, 1, 2);
        String header = new String(bytes, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<i4");
        System.arraycopy(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, 0, 64);
        Files.write(train, bytes);
        assertThatThrownBy(() -> load(train, train))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("ints.npy")
                .hasMessageContaining("<i4");
    }

    @Test
    void wrongRankIsNamedWithTheShape() throws Exception {
        Path cube = dir.resolve("cube.npy");
        Npy.write(cube, new float[8], 2, 2, 2);
        assertThatThrownBy(() -> load(cube, cube))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("cube.npy")
                .hasMessageContaining("must be a 2-D array (samples × features)")
                .hasMessageContaining("(2, 2, 2)");
    }

    @Test
    void mismatchedWidthsAreNamed() throws Exception {
        Path train = dir.resolve("train.npy");
        Path validation = dir.resolve("val.npy");
        Npy.write(train, new float[6], 3, 2);
        Npy.write(validation, new float[6], 2, 3);
        assertThatThrownBy(() -> load(train, validation))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("val.npy")
                .hasMessageContaining("has 3 features per sample but the training data")
                .hasMessageContaining("has 2");
    }
}
