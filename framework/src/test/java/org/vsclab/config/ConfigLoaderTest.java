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

    private Path experiment(Path dir, String text) throws java.io.IOException {
        Path file = dir.resolve("experiment.conf");
        java.nio.file.Files.writeString(file, text);
        return file;
    }

    @Test
    void aPriorBlockAppliesToWhicheverPriorIsChosen(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = experiment(tmp, "model.prior = test-gaussian\nprior { prior-variance = 0.3, shared-target = ${model.kl-weight} }\n");
        ExperimentConfig config = loader.load(Optional.of(file), List.of());
        Settings s = config.settings();
        assertThat(s.number("priors.test-gaussian.prior-variance")).isEqualTo(0.3);
        assertThat(s.number("priors.test-gaussian.shared-target")).isEqualTo(0.01);   // substitutions still resolve
        assertThat(config.resolved().hasPath("prior")).isFalse();
        assertThat(config.flatten(k -> true)).containsEntry("priors.test-gaussian.prior-variance", "0.3")
                .doesNotContainKey("prior.prior-variance");
        assertThat(s.where("priors.test-gaussian.prior-variance")).contains("experiment.conf, line 2");
        assertThat(config.render()).contains("prior-variance=0.3").doesNotContain("prior {");
    }

    @Test
    void anExplicitPriorsKeyWinsInItsLayerAndOverridesWinOverTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = experiment(tmp, "model.prior = test-gaussian\nprior.prior-variance = 0.3\npriors.test-gaussian.prior-variance = 0.2\n");
        assertThat(loader.load(Optional.of(file), List.of()).settings().number("priors.test-gaussian.prior-variance")).isEqualTo(0.2);
        assertThat(loader.load(Optional.of(file), List.of("prior.prior-variance=0.5")).settings()
                .number("priors.test-gaussian.prior-variance")).isEqualTo(0.5);
    }

    @Test
    void aPriorBlockKeyTheChosenPriorDoesNotDeclareIsAnErrorWithASuggestion(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = experiment(tmp, "model.prior = test-gaussian\nprior.prior-varianse = 0.3\n");
        assertThatThrownBy(() -> loader.load(Optional.of(file), List.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("Unknown config key 'prior.prior-varianse'")
                .hasMessageContaining("experiment.conf, line 2")
                .hasMessageContaining("Did you mean 'prior.prior-variance'?")
                .hasMessageContaining("apply to the chosen prior 'test-gaussian' (model.prior); no installed prior declares 'prior-varianse'");
        assertThatThrownBy(() -> loader.load(Optional.empty(), List.of("prior=3")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("Unknown config key 'prior'");
    }

    @Test
    void aPriorBlockKeyOnlyAnotherPriorDeclaresIsLeftOutForThisPrior(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // A second installed prior with a warm-up; the chosen test-gaussian has none.
        Path jar = java.nio.file.Files.createDirectories(tmp.resolve("other-plugin"));
        java.nio.file.Files.writeString(jar.resolve("reference.conf"), "priors.other { warmup { begin = 1500, end = 6000 } }\n");
        ClassLoader withOther = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        ConfigLoader both = new ConfigLoader(withOther);
        Path file = experiment(tmp, "model.prior = test-gaussian\nprior { warmup.begin = \"5%\", prior-variance = 0.3 }\n");

        ExperimentConfig config = both.load(Optional.of(file), List.of());
        assertThat(config.settings().number("priors.test-gaussian.prior-variance")).isEqualTo(0.3);
        assertThat(config.resolved().hasPath("priors.test-gaussian.warmup")).isFalse();   // not recorded as if it applied
        assertThat(both.load(Optional.of(file), List.of("model.prior=other")).settings().string("priors.other.warmup.begin"))
                .isEqualTo("5%");
        assertThatThrownBy(() -> both.load(Optional.of(file), List.of("prior.warmup.bgin=3")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("Unknown config key 'prior.warmup.bgin'");
    }
}
