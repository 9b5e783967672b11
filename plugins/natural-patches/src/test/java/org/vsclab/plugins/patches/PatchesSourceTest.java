package org.vsclab.plugins.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.DataSource;

/** {@code data.source = patches} as a run builds it: settings, sources, and the errors a user sees. */
class PatchesSourceTest {

    private static ComponentRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void plugins() {
        registry = PluginLoader.load(List.of());
    }

    private DataSource build(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.source=patches"));
        all.addAll(Arrays.asList(overrides));
        var config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), all);
        return new ExperimentBuilder(registry).buildComponent(config, ComponentKind.DATA_SOURCE, "patches", null, 0, List.of());
    }

    private void photographs(int n, int size) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    image.getRaster().setSample(x, y, 0, random.nextInt(256));
                }
            }
            ImageIO.write(image, "png", dir.resolve("photo" + i + ".png").toFile());
        }
    }

    @Test
    void aFolderOfPhotographsGivesWhitenedStandardisedPatches() throws Exception {
        photographs(5, 40);
        DataSource data = build("data-sources.patches.images=" + dir, "data-sources.patches.patch-size=8",
                "data-sources.patches.train-samples=500", "data-sources.patches.validation-samples=100");
        assertThat(data.train().size()).isEqualTo(500);
        assertThat(data.validation().size()).isEqualTo(100);
        assertThat(data.train().dimension()).isEqualTo(64);
        assertThat(data.identity())
                .containsEntry("vsc.data.kind", "patches")
                .containsEntry("vsc.data.patches.images", "photo0, photo1, photo2, photo3, photo4")
                .containsKey("vsc.data.train.sha256");
        // The default by-image split holds out the last 20 % by name, one of five.
        assertThat(data.identity().get("vsc.data.patches.pipeline")).contains("by-image (validation photo4)")
                .contains("standardised per pixel on train-only");
        assertThat(data.identity().get("vsc.data.patches.whitening")).startsWith("Olshausen–Field");
    }

    @Test
    void theReferencesChoicesAreAvailableByName() throws Exception {
        photographs(2, 30);
        DataSource data = build("data-sources.patches.images=" + dir, "data-sources.patches.patch-size=8",
                "data.patch-split=by-patch", "data.standardize-on=all-patches", "data-sources.patches.whiten=false",
                "data-sources.patches.train-samples=100", "data-sources.patches.validation-samples=50");
        assertThat(data.identity().get("vsc.data.patches.pipeline")).contains("by-patch").contains("on all-patches");
        assertThat(data.identity()).containsEntry("vsc.data.patches.whitening", "none");
    }

    @Test
    void aMatFileIsReadAndNotWhitenedAgain() throws Exception {
        Path mat = WhiteningTest.fixture("images.mat");
        DataSource data = build("data-sources.patches.images=" + mat, "data-sources.patches.patch-size=2",
                "data-sources.patches.train-samples=20", "data-sources.patches.validation-samples=10");
        assertThat(data.identity()).containsEntry("vsc.data.patches.whitening", "none");
        // Three images: the last 20 % by name is IMAGES[3].
        assertThat(data.identity().get("vsc.data.patches.pipeline")).contains("validation IMAGES[3]");
    }

    @Test
    void missingDataSaysHowToGetIt() {
        Path absent = dir.resolve("IMAGES.mat");
        assertThatThrownBy(() -> build("data-sources.patches.images=" + absent)).isInstanceOf(ConfigError.class)
                .hasMessageContaining(absent + " does not exist")
                .hasMessageContaining("download it from Bruno Olshausen's sparsenet page");
        Path noSkimage = dir.resolve("no-skimage");
        assertThatThrownBy(() -> build("data-sources.patches.skimage-dir=" + noSkimage))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("the skimage photograph " + noSkimage.resolve("astronaut.png") + " is missing")
                .hasMessageContaining("Run ./install");
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> build("data-sources.patches.images=" + nowhere))
                .hasMessageContaining(nowhere + " does not exist").hasMessageContaining("images = skimage".replace("images = ", ""));
    }

    @Test
    void badSettingsNameTheKey() throws Exception {
        photographs(2, 20);
        assertThatThrownBy(() -> build("data-sources.patches.images=" + dir, "data-sources.patches.validation-images=[nope]"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("validation image 'nope' is not among the images [photo0, photo1]");
        assertThatThrownBy(() -> build("data-sources.patches.images=" + dir, "data.patch-split=by-pixel"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("data.patch-split");
        assertThatThrownBy(() -> build("data-sources.patches.images=" + dir))
                .isInstanceOf(ConfigError.class).hasMessageContaining("80000 training patches requested");
    }

    @Test
    void theEmbeddedDefaultIsTheSkimagePhotographsThatInstallProvides() {
        Path skimage = Optional.ofNullable(System.getenv("VSC_SKIMAGE_DIR")).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "vsc-lab", "skimage"));
        assertThat(Files.isRegularFile(skimage.resolve("astronaut.png")))
                .as("the skimage photographs in %s (run ./install)", skimage).isTrue();
        DataSource data = build("data-sources.patches.train-samples=2000", "data-sources.patches.validation-samples=500");
        assertThat(data.train().dimension()).isEqualTo(256);
        assertThat(data.identity().get("vsc.data.patches.images")).isEqualTo(
                "astronaut, brick, camera, chelsea, coffee, grass, gravel, moon, motorcycle_left, motorcycle_right, rocket");
        assertThat(data.identity().get("vsc.data.patches.pipeline")).contains("validation chelsea, gravel");
    }
}
