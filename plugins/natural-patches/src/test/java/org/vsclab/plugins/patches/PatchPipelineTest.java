package org.vsclab.plugins.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Dataset;

/** The patch pipeline on images whose patch statistics have closed forms. */
class PatchPipelineTest {

    /** An image whose pixel (y, x) is offset + y + x/1000 (every patch is identifiable by its values). */
    static GreyImage ramp(String name, int h, int w, float offset) {
        float[] p = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = offset + y + x / 1000f;
            }
        }
        return new GreyImage(name, h, w, p);
    }

    /** An image whose pixel (y, x) is y: patch pixel (u, v) is uniform on {u, …, u + H − P} over positions. */
    static GreyImage rows(String name, int h, int w, float offset) {
        float[] p = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = offset + y;
            }
        }
        return new GreyImage(name, h, w, p);
    }

    @Test
    void positionsAreNumberedImageAfterImageAndCopyTheRightPixels() {
        PatchPositions positions = new PatchPositions(List.of(ramp("a", 5, 6, 0), ramp("b", 7, 4, 100)), 3, 2);
        // a: rows (5−3)/2+1 = 2, cols (6−3)/2+1 = 2 → 4; b: rows 3, cols 1 → 3.
        assertThat(positions.count()).isEqualTo(7);
        assertThat(positions.imageOf(3)).isZero();
        assertThat(positions.imageOf(4)).isEqualTo(1);
        float[] patch = new float[9];
        positions.copy(3, patch, 0);   // a, top-left (2, 2)
        assertThat(patch[0]).isEqualTo(2 + 2 / 1000f);
        assertThat(patch[8]).isEqualTo(4 + 4 / 1000f);
        positions.copy(6, patch, 0);   // b, top-left (4, 0)
        assertThat(patch[0]).isEqualTo(104f);
        assertThat(patch[5]).isEqualTo(105 + 2 / 1000f);
        assertThatThrownBy(() -> new PatchPositions(List.of(ramp("tiny", 2, 9, 0)), 3, 1))
                .hasMessageContaining("tiny is 2×9, smaller than a 3×3 patch");
    }

    @Test
    void perPixelStatisticsHaveTheClosedForm() {
        int h = 40;
        int p = 4;
        PatchPositions positions = new PatchPositions(List.of(rows("r", h, 9, 1000)), p, 1);
        int[] all = new int[positions.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        PixelStatistics s = PixelStatistics.of(positions, all);
        int m = h - p + 1;   // values u..u+m−1 at patch row u, each equally often
        double variance = (m * (double) m - 1) / 12;
        for (int u = 0; u < p; u++) {
            for (int v = 0; v < p; v++) {
                assertThat(s.mean()[u * p + v]).isCloseTo(1000 + u + (m - 1) / 2.0, within(1e-9));
                assertThat(s.std()[u * p + v]).isCloseTo(Math.sqrt(variance), within(1e-9));
            }
        }
        assertThat(s.count()).isEqualTo(all.length);
    }

    @Test
    void linspaceFloorIsNumpys() {
        assertThat(NaturalPatches.linspaceFloor(1, 9, 5)).containsExactly(1, 3, 5, 7, 9);
        assertThat(NaturalPatches.linspaceFloor(1, 10, 4)).containsExactly(1, 4, 7, 10);
        assertThat(NaturalPatches.linspaceFloor(1, 99, 3)).containsExactly(1, 50, 99);
        assertThat(NaturalPatches.linspaceFloor(1, 8, 3)).containsExactly(1, 4, 8);   // 4.5 floors to 4
    }

    private static NaturalPatches.Spec spec(NaturalPatches.Split split, List<String> validationImages, boolean standardize,
            NaturalPatches.StandardizeOn on, int train, int validation, long seed) {
        return new NaturalPatches.Spec(4, 1, split, validationImages, 0.2, standardize, on, train, validation, seed);
    }

    private static float[] rowsOf(Dataset d) {
        int[] rows = new int[d.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        FloatBuffer out = FloatBuffer.allocate(d.size() * d.dimension());
        d.copyRows(rows, out);
        return out.array();
    }

    @Test
    void byPatchHoldsOutAFifthOfThePositionsAndSubsamplesBoth() {
        List<GreyImage> images = List.of(ramp("a", 20, 30, 0), ramp("b", 25, 18, 100));
        NaturalPatches patches = new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_PATCH, List.of(), false, NaturalPatches.StandardizeOn.ALL_PATCHES, 300, 80, 3), Map.of());
        int n = 17 * 27 + 22 * 15;
        assertThat(patches.positionCounts()).containsExactly(n - n / 5, n / 5);
        assertThat(patches.train().size()).isEqualTo(300);
        assertThat(patches.validation().size()).isEqualTo(80);
        assertThat(patches.train().dimension()).isEqualTo(16);
        Set<String> train = firstPixels(rowsOf(patches.train()), 16);
        Set<String> validation = firstPixels(rowsOf(patches.validation()), 16);
        assertThat(train).hasSize(300);   // distinct positions
        assertThat(validation).hasSize(80).doesNotContainAnyElementsOf(train);
    }

    /** Identifies each patch by its top-left value (unique in a ramp image). */
    private static Set<String> firstPixels(float[] values, int d) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < values.length; i += d) {
            ids.add(Float.toString(values[i]));
        }
        return ids;
    }

    @Test
    void theSeedFixesTheShuffle() {
        List<GreyImage> images = List.of(ramp("a", 20, 30, 0));
        var s = spec(NaturalPatches.Split.BY_PATCH, List.of(), false, NaturalPatches.StandardizeOn.ALL_PATCHES, 50, 10, 1);
        assertThat(rowsOf(new NaturalPatches(images, s, Map.of()).train()))
                .containsExactly(rowsOf(new NaturalPatches(images, s, Map.of()).train()));
        var other = spec(NaturalPatches.Split.BY_PATCH, List.of(), false, NaturalPatches.StandardizeOn.ALL_PATCHES, 50, 10, 2);
        assertThat(rowsOf(new NaturalPatches(images, other, Map.of()).train()))
                .isNotEqualTo(rowsOf(new NaturalPatches(images, s, Map.of()).train()));
    }

    @Test
    void byImageTakesValidationPatchesFromTheHeldOutImagesOnly() {
        List<GreyImage> images = List.of(ramp("a", 20, 30, 0), ramp("held", 20, 20, 500), ramp("c", 22, 22, 1000));
        NaturalPatches patches = new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_IMAGE, List.of("held"), false, NaturalPatches.StandardizeOn.TRAIN_ONLY, 200, 100, 0),
                Map.of());
        assertThat(patches.positionCounts()).containsExactly(17 * 27 + 19 * 19, 17 * 17);
        for (float v : rowsOf(patches.validation())) {
            assertThat(v).isBetween(500f, 600f);
        }
        for (float v : rowsOf(patches.train())) {
            assertThat(v < 500 || v >= 1000).isTrue();
        }
    }

    @Test
    void trainOnlyStatisticsIgnoreTheHeldOutImagesAndAllPatchesIncludesThem() {
        int p = 4;
        GreyImage train = rows("train", 24, 10, 0);     // pixel (u, ·) uniform on u..u+20: 21 rows × 7 columns of positions
        GreyImage held = rows("held", 14, 10, 50);      // pixel (u, ·) uniform on 50+u..50+u+10: 11 × 7 positions
        List<GreyImage> images = List.of(train, held);
        NaturalPatches trainOnly = new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_IMAGE, List.of("held"), true, NaturalPatches.StandardizeOn.TRAIN_ONLY, 60, 30, 0), Map.of());
        NaturalPatches all = new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_IMAGE, List.of("held"), true, NaturalPatches.StandardizeOn.ALL_PATCHES, 60, 30, 0), Map.of());
        for (int u = 0; u < p; u++) {
            // train-only: uniform on {u..u+20}: mean u + 10, variance (21² − 1)/12.
            assertThat(trainOnly.statistics().mean()[u * p]).isCloseTo(u + 10, within(1e-9));
            assertThat(trainOnly.statistics().std()[u * p]).isCloseTo(Math.sqrt((21 * 21 - 1) / 12.0), within(1e-9));
            // all: 147 values uniform on u..u+20 and 77 on 50+u..60+u.
            double n1 = 21 * 7;
            double n2 = 11 * 7;
            double mean = (n1 * (u + 10) + n2 * (u + 55)) / (n1 + n2);
            double second = (n1 * ((21 * 21 - 1) / 12.0 + Math.pow(u + 10, 2)) + n2 * ((11 * 11 - 1) / 12.0 + Math.pow(u + 55, 2))) / (n1 + n2);
            assertThat(all.statistics().mean()[u * p]).isCloseTo(mean, within(1e-9));
            assertThat(all.statistics().std()[u * p]).isCloseTo(Math.sqrt(second - mean * mean), within(1e-9));
        }
        // Materialised values are (x − mean)/std: undoing it gives the integer rows of the images.
        float[] values = rowsOf(trainOnly.train());
        for (int i = 0; i < values.length; i++) {
            int k = i % (p * p);
            double raw = values[i] * trainOnly.statistics().std()[k] + trainOnly.statistics().mean()[k];
            assertThat(raw).isCloseTo(Math.rint(raw), within(1e-4));
        }
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        List<GreyImage> images = List.of(ramp("a", 10, 10, 0), ramp("b", 10, 10, 0));
        assertThatThrownBy(() -> new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_IMAGE, List.of("zz"), false, NaturalPatches.StandardizeOn.TRAIN_ONLY, 5, 5, 0), Map.of()))
                .hasMessage("validation image 'zz' is not among the images [a, b]");
        assertThatThrownBy(() -> new NaturalPatches(images,
                spec(NaturalPatches.Split.BY_IMAGE, List.of("b"), false, NaturalPatches.StandardizeOn.TRAIN_ONLY, 49, 5, 0), Map.of()))
                .hasMessageContaining("49 training patches requested but the training split has only 49 positions (at most 48");
    }

    @Test
    void thePapersTwoPointFiveMillionPatchesNeverLiveInMemory() {
        // Ten 512×512 images at stride 1: 10·497² = 2,470,090 positions; as float32 patches they would take
        // 2.5 GB, more than this test JVM's heap (-Xmx2g).
        List<GreyImage> images = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            float[] p = new float[512 * 512];
            for (int k = 0; k < p.length; k++) {
                p[k] = (float) random.nextGaussian();
            }
            images.add(new GreyImage("IMAGES[" + (i + 1) + "]", 512, 512, p));
        }
        NaturalPatches patches = new NaturalPatches(images, new NaturalPatches.Spec(16, 1, NaturalPatches.Split.BY_PATCH, List.of(), 0.2,
                true, NaturalPatches.StandardizeOn.ALL_PATCHES, 80_000, 16_000, 0), Map.of());
        assertThat(patches.positionCounts()).containsExactly(2_470_090 - 494_018, 494_018);
        assertThat(patches.statistics().count()).isEqualTo(2_470_090);
        assertThat(patches.train().size()).isEqualTo(80_000);
        assertThat(patches.validation().size()).isEqualTo(16_000);
        assertThat(patches.train().dimension()).isEqualTo(256);
    }
}
