package org.vsclab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed access: integers are integers (no silent truncation), and every error names the key. */
class SettingsTest {

    private final ConfigLoader loader = new ConfigLoader(getClass().getClassLoader());

    private Settings with(String... overrides) {
        return loader.load(Optional.empty(), List.of(overrides)).settings();
    }

    @Test
    void aFractionalIntegerIsAnErrorNamingTheKeyAndTheValue() {
        // Typesafe Config's getInt truncates 99.9 to 99; the run would train with 99 and record 99.9.
        assertThatThrownBy(() -> with("data.batch-size=99.9").integer("data.batch-size"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("Config key 'data.batch-size'")
                .hasMessageContaining("command-line override 'data.batch-size=99.9'")
                .hasMessageContaining("must be an integer, but is 99.9.");
    }

    @Test
    void aFractionalValueBelowTheMinimumShowsTheValueGivenNotItsTruncation() {
        assertThatThrownBy(() -> with("model.samples=0.5").integerAtLeast("model.samples", 1))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'model.samples'")
                .hasMessageEndingWith("must be an integer, but is 0.5.");
    }

    @Test
    void wholeNumbersAreAcceptedHoweverTheyAreWritten() {
        assertThat(with("data.batch-size=100.0").integer("data.batch-size")).isEqualTo(100);
        assertThat(with("data.batch-size=\"64\"").integer("data.batch-size")).isEqualTo(64);
        assertThat(with("seed=12345678901").longValue("seed")).isEqualTo(12_345_678_901L);
        assertThat(with("encoders.mlp.hidden=[8, 16.0]").integers("encoders.mlp.hidden")).containsExactly(8, 16);
    }

    @Test
    void fractionalSeedsAndListElementsAreErrorsToo() {
        assertThatThrownBy(() -> with("seed=1.5").longValue("seed"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'seed'")
                .hasMessageContaining("must be an integer, but is 1.5.");
        assertThatThrownBy(() -> with("encoders.mlp.hidden=[8, 16.5]").integers("encoders.mlp.hidden"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'encoders.mlp.hidden'")
                .hasMessageContaining("must be a list of integers, but is a list whose element 2 is 16.5.");
    }

    @Test
    void anIntegerOutOfRangeSaysWhichRange() {
        assertThatThrownBy(() -> with("train.epochs=3000000000").integer("train.epochs"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'train.epochs'")
                .hasMessageContaining("must be an integer between -2147483648 and 2147483647, but is 3000000000.");
    }

    @Test
    void aNonNumberIsStillAWrongType() {
        Settings s = Settings.of(ConfigFactory.parseString("n = [1, 2]"));
        assertThatThrownBy(() -> s.integer("n"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("must be an integer, but is the list [1,2].");
    }
}
