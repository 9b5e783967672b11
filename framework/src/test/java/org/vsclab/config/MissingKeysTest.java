package org.vsclab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import com.google.inject.AbstractModule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.testing.PluginJars;
import org.vsclab.testing.VscCli;

/**
 * A plugin author whose reference.conf lacks keys hears of all of them at once, and that they belong in
 * the plugin's reference.conf, not in the experiment file.
 */
class MissingKeysTest {

    private static Settings namespace(String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon)).at("priors.p");
    }

    @Test
    void everyUndeclaredKeyIsListedWithWhatWasExpected() {
        Settings s = namespace("priors.p { scale = 0.1 }");
        assertThatThrownBy(() -> MissingKeys.create(s, "prior 'p' (plugin jar p.jar)", settings -> {
            double scale = settings.positive("scale");
            boolean learned = settings.has("lambda");
            String estimator = settings.oneOf("estimator", "straight", "subgradient");
            Settings warmup = settings.at("warmup");
            if (warmup.bool("enabled")) {            // probed as true: the block's other keys are found too
                warmup.integerAtLeast("begin", 0);
            }
            return scale + (learned ? 1 : 0) + estimator.length() + warmup.openUnit("from");
        }))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("The prior 'p' (plugin jar p.jar) reads 5 keys that no reference.conf declares: "
                        + "priors.p.lambda (a value or null), priors.p.estimator (one of straight, subgradient), "
                        + "priors.p.warmup.enabled (a boolean (true or false)), priors.p.warmup.begin (an integer), "
                        + "priors.p.warmup.from (a number strictly between 0 and 1).")
                .hasMessageContaining("belong in that plugin's own reference.conf (src/main/resources/reference.conf) under priors.p { ... }")
                .hasMessageNotContaining("Set it in the experiment file");
    }

    @Test
    void aProbeStoppedByTheFactoryStillReportsWhatItFound() {
        Settings s = namespace("priors.p { }");
        assertThatThrownBy(() -> MissingKeys.create(s, "prior 'p' (classpath)", settings -> {
            double scale = settings.positive("scale");
            if (scale == 1.0) {
                throw new IllegalArgumentException("the factory rejects the placeholder");
            }
            return settings.number("never-reached");
        }))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("The prior 'p' (classpath) reads a key that no reference.conf declares: priors.p.scale (a positive number).");
    }

    @Test
    void otherConfigErrorsPassUnchanged() {
        Settings s = namespace("priors.p { scale = -1 }");
        assertThatThrownBy(() -> MissingKeys.create(s, "prior 'p' (classpath)", settings -> settings.positive("scale")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("Config key 'priors.p.scale' (set by String: 1) must be a positive number, but is -1.0.");
    }

    @Test
    void aMissingKeyErrorSaysWhereTheKeyBelongs() {
        Settings s = namespace("priors.p { lambda = null }");
        assertThat(s.has("lambda")).isFalse();
        assertThatThrownBy(() -> s.number("lamda"))
                .isInstanceOf(ConfigError.class)
                .satisfies(e -> assertThat(((ConfigError) e).isMissingKey()).isTrue())
                .hasMessage("Config key 'priors.p.lamda' (a number) is read but declared in no reference.conf; the module or"
                        + " plugin that reads it must declare it there, with its default or null.");
    }

    /** The case: README's old two-key reference.conf for a family built on LocationScaleFamilies. */
    private static final String PLUGIN = """
            package com.example.partial;

            import org.vsclab.config.Settings;
            import org.vsclab.family.LaplaceBase;
            import org.vsclab.family.LocationScaleFamilies;
            import org.vsclab.plugin.*;
            import org.vsclab.spi.VariationalFamily;

            public final class PartialPlugin extends VscPlugin {
                @Override protected void configure() { register(ComponentKind.PRIOR, "partial-prior", Factory.class); }

                public static final class Factory implements ComponentFactory<VariationalFamily> {
                    public String description() { return "a prior whose reference.conf is incomplete"; }
                    public VariationalFamily create(Settings s, BuildContext context) {
                        return LocationScaleFamilies.thresholded(s, context, new LaplaceBase(s.positive("prior-scale")));
                    }
                }
            }
            """;

    @Test
    void aThresholdedPluginWithTheOldTwoKeyReferenceHearsOfEveryMissingKeyAtOnce(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJars.build(plugins.resolve("partial.jar"), Map.of("com.example.partial.PartialPlugin", PLUGIN),
                "com.example.partial.PartialPlugin",
                "priors.partial-prior { prior-scale = 0.1, target-sparsity = ${model.target-sparsity} }\n",
                VscPlugin.class, NDArray.class, AbstractModule.class, Config.class);
        VscCli.Output run = VscCli.run("--plugins-dir", plugins.toString(), "run", "src/test/resources/config/small.conf",
                "model.prior=partial-prior", "tracking.uri=" + tmp.resolve("mlruns"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("error: The prior 'partial-prior' (plugin jar ")
                .contains("partial.jar) reads 11 keys that no reference.conf declares: priors.partial-prior.lambda (a value or null), "
                        + "priors.partial-prior.estimator (a string), priors.partial-prior.warmup.to (a number), "
                        + "priors.partial-prior.warmup.enabled (a boolean (true or false)), priors.partial-prior.warmup.from (a number), "
                        + "priors.partial-prior.warmup.begin (an iteration count (e.g. 1500) or a percentage of the run (e.g. \"25%\")), "
                        + "priors.partial-prior.warmup.end (an iteration count (e.g. 1500) or a percentage of the run (e.g. \"25%\")), "
                        + "priors.partial-prior.scale-bounds (a value or null), "
                        + "priors.partial-prior.learned-threshold.enabled (a boolean (true or false)), "
                        + "priors.partial-prior.learned-threshold.prior-shape (a positive number), "
                        + "priors.partial-prior.learned-threshold.kl-weight (a number ≥ 0).")
                .contains("under priors.partial-prior { ... }");
        assertThat(tmp.resolve("mlruns")).doesNotExist();
    }
}
