package org.vsclab.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.google.inject.AbstractModule;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.testing.PluginJars;
import org.vsclab.testing.VscCli;

/** {@code vsc new-plugin} as a user types it: the project, the next steps, and one-line errors. */
class NewPluginCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheProjectAndSaysHowToBuildDropInAndRunIt() {
        VscCli.Output o = VscCli.run("--plugins-dir", tmp.resolve("none").toString(), "new-plugin", "logistic", "--dir", tmp.toString());
        assertThat(o.code()).as(o.err()).isZero();
        Path project = tmp.resolve("logistic");
        assertThat(project.resolve("src/main/java/com/example/logistic/LogisticBase.java")).exists();
        assertThat(o.out()).startsWith("Created the plugin project logistic (location-scale family) in " + project.toAbsolutePath().normalize() + ":")
                .contains("  src/main/resources/reference.conf")
                .contains("mvn package")
                .contains("cp target/logistic-" + PluginScaffold.sdkVersion() + ".jar ")
                .containsPattern("bin/vsc run \\S*conf/experiments/quickstart.conf model.prior=logistic");
    }

    @Test
    void theCustomFamilyAndAPackageOfOnesOwn() {
        VscCli.Output o = VscCli.run("--plugins-dir", tmp.resolve("none").toString(), "new-plugin", "fixed-spike", "--family", "custom",
                "--package", "org.example.priors", "--dir", tmp.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(tmp.resolve("fixed-spike/src/main/java/org/example/priors/FixedSpikeFamily.java")).exists();
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginJars.build(plugins.resolve("taken.jar"), Map.of("com.example.taken.TakenPlugin", """
                package com.example.taken;
                import org.vsclab.plugin.*;
                import org.vsclab.spi.VariationalFamily;
                public final class TakenPlugin extends VscPlugin {
                    @Override protected void configure() {
                        register(ComponentKind.PRIOR, "taken-prior", ComponentFactory.<VariationalFamily>of("taken", (s, c) -> null));
                    }
                }
                """), "com.example.taken.TakenPlugin", "", VscPlugin.class, NDArray.class, AbstractModule.class, Config.class);
        String dir = tmp.toString();
        for (String[] args : new String[][] {
            {"new-plugin", "Taken_Prior", "--dir", dir},
            {"new-plugin", "ok-name", "--family", "gaussian", "--dir", dir},
            {"new-plugin", "taken-prior", "--dir", dir},
        }) {
            String[] all = new String[args.length + 2];
            all[0] = "--plugins-dir";
            all[1] = plugins.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            VscCli.Output o = VscCli.run(all);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err().lines().toList()).as(o.err()).hasSize(1);
            assertThat(o.err()).startsWith("error: ");
        }
        assertThat(VscCli.run("--plugins-dir", plugins.toString(), "new-plugin", "taken-prior", "--dir", dir).err())
                .contains("a prior named 'taken-prior' is already installed (plugin jar ").contains("choose another name");
        assertThat(tmp.resolve("taken-prior")).doesNotExist();
    }
}
