package org.vsclab.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.google.inject.AbstractModule;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.PluginJars;
import org.vsclab.testing.TestGit;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileStoreTracker;

/**
 * The one place for a plugin you built: a jar in ~/.vsc/plugins (here ${vsc.home}/plugins) is listed by
 * {@code vsc plugins} and used by {@code vsc run} with no option; the run records the jar's SHA-256 and
 * is not a clean checkout of the experiment's repository, naming the jar.
 */
class DroppedInPluginTest {

    private static final String PLUGIN = """
            package com.example.dropped;

            import org.vsclab.config.Settings;
            import org.vsclab.family.GaussianBase;
            import org.vsclab.family.LocationScaleFamilies;
            import org.vsclab.plugin.*;
            import org.vsclab.spi.VariationalFamily;

            public final class DroppedPlugin extends VscPlugin {
                @Override protected void configure() { register(ComponentKind.PRIOR, "dropped-gaussian", Factory.class); }

                public static final class Factory implements ComponentFactory<VariationalFamily> {
                    public String description() { return "a Gaussian dropped into the user's plugin folder"; }
                    public VariationalFamily create(Settings s, BuildContext context) {
                        return LocationScaleFamilies.dense(s, new GaussianBase(s.positive("prior-variance")));
                    }
                }
            }
            """;

    @TempDir
    Path tmp;
    private String previousHome;

    @BeforeEach
    void home() {
        previousHome = System.setProperty(PluginDirectories.HOME_PROPERTY, tmp.resolve("home").toString());
    }

    @AfterEach
    void restore() {
        if (previousHome == null) {
            System.clearProperty(PluginDirectories.HOME_PROPERTY);
        } else {
            System.setProperty(PluginDirectories.HOME_PROPERTY, previousHome);
        }
    }

    @Test
    void aJarInTheUserFolderIsListedUsedAndRecordedWithItsHash() throws Exception {
        Path jar = Files.createDirectories(tmp.resolve("home/plugins")).resolve("dropped.jar");
        PluginJars.build(jar, Map.of("com.example.dropped.DroppedPlugin", PLUGIN), "com.example.dropped.DroppedPlugin",
                "priors.dropped-gaussian { prior-variance = 0.1\n warmup { enabled = false, from = 0.1, to = 1.0, begin = 0, end = 1 } }\n",
                VscPlugin.class, NDArray.class, AbstractModule.class, Config.class);
        assertThat(PluginDirectories.user()).isEqualTo(tmp.resolve("home/plugins"));

        VscCli.Output listing = VscCli.run("plugins");
        assertThat(listing.code()).as(listing.err()).isZero();
        assertThat(listing.out()).contains(tmp.resolve("home/plugins") + "  (your plugins: drop jars here; 1 jar)")
                .containsPattern("prior +dropped-gaussian +plugin jar \\S*dropped\\.jar");

        // The experiment lives in a git repository of its own; the jar is not in it.
        Path repo = Files.createDirectories(tmp.resolve("experiments"));
        Files.copy(Path.of("src/test/resources/config/small.conf"), repo.resolve("small.conf"));
        TestGit.commitAll(repo);
        Path mlruns = tmp.resolve("mlruns");
        VscCli.Output run = VscCli.run("run", repo.resolve("small.conf").toString(), "model.prior=dropped-gaussian", "train.epochs=1",
                "tracking.uri=" + mlruns);
        assertThat(run.code()).as(run.err()).isZero();

        RunSummary recorded = FileStoreTracker.open(mlruns.toString()).catalog().runs(Optional.empty()).get(0);
        assertThat(recorded.tags()).containsEntry("vsc.git.dirty", "true");
        assertThat(recorded.tags().get("vsc.git.dirty.reason")).contains("plugin jar " + jar.toAbsolutePath().normalize()
                + " (prior 'dropped-gaussian') is outside the repository");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        try (var runs = Files.walk(mlruns)) {
            Path provenance = runs.filter(p -> p.getFileName().toString().equals("provenance.json")).findFirst().orElseThrow();
            assertThat(Files.readString(provenance)).contains("\"sha256\": \"" + sha + "\"").contains("\"gitDirty\": true")
                    .contains("is outside the repository");
        }
    }

    @Test
    void theUserFolderIsAlwaysSearchedAfterTheGivenOnes() {
        List<Path> dirs = PluginDirectories.resolve(List.of(Path.of("a")), "b" + java.io.File.pathSeparator + "a");
        assertThat(dirs).containsExactly(Path.of("a"), Path.of("b"), PluginDirectories.user());
    }
}
