package org.vsclab.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import com.google.inject.AbstractModule;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.testing.VscCli;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.PluginJars;
import org.vsclab.tracking.FileStoreTracker;

/**
 * A plugin really is a plugin: a prior compiled at test time into a jar, dropped into a plugins
 * directory, is listed by {@code vsc plugins} and used by {@code vsc run}, with no framework change.
 */
class PluginJarTest {

    private static final String PLUGIN = """
            package com.example.prior;

            import org.vsclab.plugin.ComponentKind;
            import org.vsclab.plugin.VscPlugin;

            public final class MaskedGaussianPlugin extends VscPlugin {
                @Override
                protected void configure() {
                    register(ComponentKind.PRIOR, "%s", MaskedGaussianFactory.class);
                }
            }
            """;

    private static final String FACTORY = """
            package com.example.prior;

            import ai.djl.ndarray.NDArray;
            import ai.djl.ndarray.types.DataType;
            import ai.djl.ndarray.types.Shape;
            import java.util.List;
            import org.vsclab.config.Settings;
            import org.vsclab.plugin.BuildContext;
            import org.vsclab.plugin.ComponentFactory;
            import org.vsclab.spi.*;

            /** A toy exactly-sparse prior: a Gaussian sample kept with probability `keep`. */
            public final class MaskedGaussianFactory implements ComponentFactory<VariationalFamily> {
                public String description() { return "masked Gaussian (a toy prior built at test time)"; }

                public VariationalFamily create(Settings settings, BuildContext context) {
                    double keep = settings.openUnit("keep");
                    return new VariationalFamily() {
                        public List<HeadSpec> heads() {
                            return List.of(new HeadSpec(HeadSpec.LOC, "mean"), new HeadSpec(HeadSpec.LOG_VARIANCE, "log-variance"));
                        }
                        public CodeSample sample(Heads h, int samples, SamplingContext ctx) {
                            NDArray mu = h.get(HeadSpec.LOC);
                            NDArray logVar = h.get(HeadSpec.LOG_VARIANCE);
                            Shape shape = new Shape(mu.getShape().get(0), samples, mu.getShape().get(1));
                            NDArray mask = ctx.uniform(shape).lt(keep).toType(DataType.FLOAT32, false);
                            NDArray z = mu.expandDims(1).add(Scalars.times(logVar, 0.5).exp().expandDims(1).mul(ctx.normal(shape)));
                            NDArray kl = Scalars.times(Scalars.minus(mu.square().add(logVar.exp()).sub(logVar), 1), 0.5);
                            return new CodeSample(z.mul(mask), kl.expandDims(1));
                        }
                        public NDArray zeroProbability(Heads h, SamplingContext ctx) {
                            return Scalars.plus(h.get(HeadSpec.LOC).zerosLike(), 1 - keep);
                        }
                        public double priorNonZeroFraction() { return keep; }
                    };
                }
            }
            """;

    private static Path buildPlugin(Path dir, String jarName, String priorName) throws Exception {
        Path jar = dir.resolve(jarName);
        String pkg = "com.example.prior";
        PluginJars.build(jar,
                Map.of(pkg + ".MaskedGaussianPlugin", PLUGIN.formatted(priorName), pkg + ".MaskedGaussianFactory", FACTORY),
                pkg + ".MaskedGaussianPlugin",
                "priors." + priorName + ".keep = 0.2\n",
                VscPlugin.class, NDArray.class, AbstractModule.class, Config.class);
        return jar;
    }


    @Test
    void droppedInJarIsListedAndUsedByARun(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPlugin(plugins, "masked-gaussian.jar", "masked-gaussian");

        VscCli.Output listing = VscCli.run("--plugins-dir", plugins.toString(), "plugins");
        assertThat(listing.code()).isZero();
        assertThat(listing.out()).containsPattern("prior +masked-gaussian +plugin jar \\S*masked-gaussian\\.jar");

        Path mlruns = tmp.resolve("mlruns");
        VscCli.Output run = VscCli.run("--plugins-dir", plugins.toString(), "run", "src/test/resources/config/small.conf",
                "model.prior=masked-gaussian", "priors.masked-gaussian.keep=0.25", "train.epochs=1",
                "tracking.uri=" + mlruns);
        assertThat(run.code()).as(run.err()).isZero();

        RunSummary recorded = FileStoreTracker.open(mlruns.toString()).catalog().runs(Optional.empty()).get(0);
        assertThat(recorded.params()).containsEntry("model.prior", "masked-gaussian")
                .containsEntry("priors.masked-gaussian.keep", "0.25");
        assertThat(recorded.tags().get("vsc.component.prior")).contains("masked-gaussian.jar");
        assertThat(recorded.metrics()).containsKey("val/nonzero_frac");
    }

    @Test
    void duplicateNamesFailNamingBothSources(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPlugin(plugins, "first.jar", "test-gaussian");  // the name the test classpath already registers
        assertThatThrownBy(() -> PluginLoader.load(List.of(plugins)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("Duplicate prior name 'test-gaussian'")
                .hasMessageContaining("first.jar")
                .hasMessageContaining("TestGaussianPlugin$Factory");
    }

    @Test
    void unknownNameListsTheAvailableOnes(@TempDir Path tmp) {
        VscCli.Output run = VscCli.run("--plugins-dir", tmp.toString(), "run", "src/test/resources/config/small.conf",
                "model.prior=no-such-prior", "tracking.uri=" + tmp.resolve("mlruns"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown prior 'no-such-prior' (model.prior). Available: test-gaussian");
        assertThat(tmp.resolve("mlruns")).doesNotExist();  // nothing is recorded for a run that never started
    }

    @Test
    void aPluginWhoseConstructorThrowsIsReportedWithThatCause(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        String plugin = """
                package com.example.broken;

                public final class BrokenPlugin extends org.vsclab.plugin.VscPlugin {
                    public BrokenPlugin() {
                        throw new IllegalStateException("licence file ~/.broken/key not found");
                    }

                    @Override
                    protected void configure() {}
                }
                """;
        PluginJars.build(plugins.resolve("broken.jar"), Map.of("com.example.broken.BrokenPlugin", plugin),
                "com.example.broken.BrokenPlugin", "", VscPlugin.class, AbstractModule.class);
        VscCli.Output listing = VscCli.run("--plugins-dir", plugins.toString(), "plugins");
        assertThat(listing.code()).isEqualTo(2);
        assertThat(listing.err()).startsWith("error: Plugin com.example.broken.BrokenPlugin from plugin jar")
                .contains("broken.jar failed in its constructor: java.lang.IllegalStateException: licence file ~/.broken/key"
                        + " not found")
                .doesNotContain("no-argument constructor");
    }

    @Test
    void missingPluginDirectoryIsNotAnError(@TempDir Path tmp) {
        ComponentRegistry registry = PluginLoader.load(List.of(tmp.resolve("absent")));
        assertThat(registry.names(ComponentKind.PRIOR)).contains("test-gaussian");
        assertThat(registry.names(ComponentKind.SELECTOR)).containsExactly("avg", "max", "softmax-weighted");
    }
}
