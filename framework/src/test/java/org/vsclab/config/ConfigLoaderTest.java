package org.vsclab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Layering, overrides and the errors a user sees for bad configuration. */
class ConfigLoaderTest {

    private static final Path CONF = Path.of("src/test/resources/config");
    private final ConfigLoader loader = new ConfigLoader(getClass().getClassLoader());

    @Test
    void experimentFileOverridesReferenceAndCommandLineOverridesFile() {
        ExperimentConfig config = loader.load(Optional.of(CONF.resolve("small.conf")),
                List.of("train.epochs=7", "encoders.mlp.hidden=[4, 5]", "model.selector=avg"));
        Settings s = config.settings();
        assertThat(s.integer("train.epochs")).isEqualTo(7);                  // override beats file (2)
        assertThat(s.integers("encoders.mlp.hidden")).containsExactly(4, 5);  // HOCON list value
        assertThat(s.integer("model.latent-dim")).isEqualTo(16);              // file beats reference (256)
        assertThat(s.number("model.kl-weight")).isEqualTo(0.01);              // reference default
        assertThat(s.string("model.selector")).isEqualTo("avg");
    }

    @Test
    void overrideValuesThatAreNotHoconAreTakenLiterally() {
        ExperimentConfig config = loader.load(Optional.empty(), List.of("tracking.uri=file:./elsewhere/mlruns"));
        assertThat(config.settings().string("tracking.uri")).isEqualTo("file:./elsewhere/mlruns");
    }

    @Test
    void pluginDefaultsMayReferToSharedKeysSetLater() {
        // The test plugin's reference.conf says shared-target = ${model.target-sparsity}: an override of
        // the shared key on the command line must reach the plugin's setting.
        ExperimentConfig config = loader.load(Optional.empty(), List.of("model.target-sparsity=0.2"));
        assertThat(config.settings().number("priors.test-gaussian.shared-target")).isEqualTo(0.2);
    }

    @Test
    void misspeltKeyNamesKeyFileLineAndSuggestion() {
        assertThatThrownBy(() -> loader.load(Optional.of(CONF.resolve("typo.conf")), List.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("Unknown config key 'train.epohcs'")
                .hasMessageContaining("typo.conf, line 3")
                .hasMessageContaining("Did you mean 'train.epochs'?");
    }

    @Test
    void misspeltOverrideNamesTheOverride() {
        assertThatThrownBy(() -> loader.load(Optional.empty(), List.of("model.prir=x")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'model.prir'")
                .hasMessageContaining("command-line override 'model.prir=x'")
                .hasMessageContaining("Did you mean 'model.prior'?");
    }

    @Test
    void wrongTypeNamesKeyFileAndExpectedType() {
        ExperimentConfig config = loader.load(Optional.of(CONF.resolve("wrong-type.conf")), List.of());
        assertThatThrownBy(() -> config.settings().integer("train.epochs"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'train.epochs'")
                .hasMessageContaining("wrong-type.conf, line 2")
                .hasMessageContaining("must be an integer")
                .hasMessageContaining("\"ten\"");
    }

    @Test
    void missingRequiredValueSaysWhatIsExpected() {
        ExperimentConfig config = loader.load(Optional.empty(), List.of());
        assertThatThrownBy(() -> config.settings().at("data-sources.npy").file("train"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("'data-sources.npy.train'")
                .hasMessageContaining("is null: expected a string");
    }

    @Test
    void validatedValuesNameTheRule() {
        ExperimentConfig config = loader.load(Optional.empty(), List.of("model.target-sparsity=1.5"));
        assertThatThrownBy(() -> config.settings().openUnit("model.target-sparsity"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("must be a number strictly between 0 and 1, but is 1.5")
                .hasMessageContaining("command-line override");
    }

    @Test
    void missingExperimentFileListsTheOnesThere() {
        assertThatThrownBy(() -> loader.load(Optional.of(CONF.resolve("nope.conf")), List.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("nope.conf does not exist")
                .hasMessageContaining("small.conf");
    }

    @Test
    void malformedOverrideIsRejected() {
        assertThatThrownBy(() -> loader.load(Optional.empty(), List.of("train.epochs")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("must look like key=value");
    }

    @Test
    void renderedConfigLoadsBackToTheSameValues() throws Exception {
        ExperimentConfig config = loader.load(Optional.of(CONF.resolve("small.conf")), List.of("seed=42"));
        Path copy = java.nio.file.Files.createTempFile("resolved", ".conf");
        java.nio.file.Files.writeString(copy, config.render());
        ExperimentConfig again = loader.load(Optional.of(copy), List.of());
        assertThat(again.flatten(k -> true)).isEqualTo(config.flatten(k -> true));
    }
}
