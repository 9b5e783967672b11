package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.config.Settings;
import org.vsclab.spi.DataSource;
import org.vsclab.spi.Dataset;
import org.vsclab.spi.Matrix;

class StandardizedDataTest {

    /** Train rows (1, 2), (3, 6); validation row (5, 10); a "true dictionary" to pass through. */
    private static DataSource source() {
        InMemoryDataset train = new InMemoryDataset(new float[] {1, 2, 3, 6}, 2, 2);
        InMemoryDataset validation = new InMemoryDataset(new float[] {5, 10}, 1, 2);
        return new DataSource() {
            public Dataset train() {
                return train;
            }

            public Dataset validation() {
                return validation;
            }

            public Map<String, String> identity() {
                return Map.of("vsc.data.kind", "test");
            }

            public Optional<Matrix> trueDictionary() {
                return Optional.of(new Matrix(2, 1, new double[] {1, 0}));
            }
        };
    }

    private static DataSource standardized(String mode, String on) {
        return StandardizedData.apply(source(), Settings.of(ConfigFactory.parseString(
                "data.standardize = " + mode + ", data.standardize-on = " + on)));
    }

    private static float[] rows(Dataset d) {
        int[] rows = new int[d.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        FloatBuffer out = FloatBuffer.allocate(d.size() * d.dimension());
        d.copyRows(rows, out);
        return out.array();
    }

    @Test
    void scaleDividesByTheTrainingRmsAndKeepsTheTrueDictionary() {
        DataSource data = standardized("scale", "train-only");
        double rms = Math.sqrt((1 + 4 + 9 + 36) / 4.0);
        float[] train = rows(data.train());
        assertThat((double) train[3]).isCloseTo(6 / rms, within(1e-6));
        assertThat((double) rows(data.validation())[0]).isCloseTo(5 / rms, within(1e-6));
        assertThat(data.trueDictionary()).isPresent();
        assertThat(data.identity()).containsEntry("vsc.data.kind", "test").containsKey("vsc.data.standardize");
    }

    @Test
    void perFeatureCentresAndScalesEachFeature() {
        // train-only: feature 0 mean 2 std 1, feature 1 mean 4 std 2.
        float[] train = rows(standardized("per-feature", "train-only").train());
        assertThat(train).containsExactly(-1, -1, 1, 1);
        // all-patches: feature 0 values 1, 3, 5 → mean 3, std √(8/3).
        DataSource all = standardized("per-feature", "all-patches");
        assertThat((double) rows(all.validation())[0]).isCloseTo(2 / Math.sqrt(8 / 3.0), within(1e-6));
        assertThat(all.trueDictionary()).isEmpty();
    }

    @Test
    void noneIsTheSourceItself() {
        DataSource original = source();
        assertThat(StandardizedData.apply(original, Settings.of(ConfigFactory.parseString(
                "data.standardize = none, data.standardize-on = train-only")))).isSameAs(original);
    }
}
