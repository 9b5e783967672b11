package org.vsclab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.testing.TestGit;

/** Which plugin jars keep a run a clean checkout of its experiment's repository (a real git work tree). */
class CleanCheckoutTest {

    @TempDir
    Path tmp;
    private Path repo;

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve(".gitignore"), "target/\n");
        Files.createDirectories(repo.resolve("plugins"));
        Files.writeString(repo.resolve("plugins/tracked.jar"), "committed");
        TestGit.commitAll(repo);
    }

    private static BuildRecord.Entry droppedIn(String name, Path jar) {
        return new BuildRecord.Entry("prior", name, "priors." + name, "model.prior", "F", PluginLoader.PLUGIN_JAR_SOURCE + jar,
                Optional.of(jar), Optional.empty(), Optional.empty());
    }

    private List<String> reasons(String status, BuildRecord.Entry... entries) {
        return CleanCheckout.reasons(repo, status, List.of(entries), Optional.of(tmp.resolve("dist/plugins")), Provenance::git);
    }

    private Path file(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, "jar");
    }

    @Test
    void trackedIgnoredAndBuiltInJarsAndClasspathComponentsKeepItClean() throws Exception {
        BuildRecord.Entry classpath = new BuildRecord.Entry("encoder", "mlp", "encoders.mlp", "model.encoder", "F",
                "classpath vsc-framework.jar", Optional.of(tmp.resolve("elsewhere/vsc-framework.jar")), Optional.empty(), Optional.empty());
        assertThat(reasons("", droppedIn("a", repo.resolve("plugins/tracked.jar")),
                droppedIn("b", file(repo.resolve("plugins/x/target/built.jar"))),
                droppedIn("c", file(tmp.resolve("dist/plugins/vsc-plugin-laplace.jar"))), classpath)).isEmpty();
    }

    @Test
    void aJarFromOutsideTheRepositoryOrAnUntrackedOneMakesItDirtyNamingTheJar() throws Exception {
        Path outside = file(tmp.resolve("home/.vsc/plugins/my-prior.jar"));
        Path untracked = file(repo.resolve("plugins/dropped.jar"));
        assertThat(reasons("", droppedIn("my-prior", outside), droppedIn("dropped", untracked))).containsExactly(
                "plugin jar " + outside + " (prior 'my-prior') is outside the repository " + repo.toAbsolutePath().normalize(),
                "plugin jar plugins/dropped.jar (prior 'dropped') is not tracked by git");
    }

    @Test
    void uncommittedTrackedChangesAreAReasonToo() {
        assertThat(reasons(" M conf/x.conf")).containsExactly("tracked files have uncommitted changes");
    }
}
