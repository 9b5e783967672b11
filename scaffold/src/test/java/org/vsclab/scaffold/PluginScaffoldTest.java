package org.vsclab.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.plugin.VscPlugin;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testing.PluginJars;
import org.vsclab.testing.TestEngine;

/**
 * What the scaffold writes: every file, names filled in, sources that compile against the SDK, and a
 * plugin whose family builds from its own reference.conf with no missing key. (The integration test
 * in experiments builds a generated project with Maven outside the repository and runs it.)
 */
class PluginScaffoldTest {

    @TempDir
    Path tmp;

    private static PluginScaffold.Spec spec(String name, PluginScaffold.Family family) {
        return PluginScaffold.spec(name, family, Optional.empty());
    }

    @Test
    void namesMustBeKebabCaseAndPackagesJavaPackages() {
        for (String bad : List.of("MyPrior", "my--prior", "9lives", "my_prior", "my-prior-", "")) {
            assertThatThrownBy(() -> spec(bad, PluginScaffold.Family.CUSTOM)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be kebab-case, e.g. my-prior");
        }
        for (String bad : List.of("com.Example", "com.class.x", "1com")) {
            assertThatThrownBy(() -> PluginScaffold.spec("p", PluginScaffold.Family.CUSTOM, Optional.of(bad))).as(bad)
                    .hasMessageContaining("is not a lower-case Java package name");
        }
        PluginScaffold.Spec spec = spec("logistic-2", PluginScaffold.Family.LOCATION_SCALE);
        assertThat(spec.className()).isEqualTo("Logistic2");
        assertThat(spec.packageName()).isEqualTo("com.example.logistic2");
        assertThat(spec.jar()).isEqualTo(Path.of("target", "logistic-2-" + PluginScaffold.sdkVersion() + ".jar"));
        assertThatThrownBy(() -> PluginScaffold.Family.of("gaussian")).hasMessage("--family must be location-scale or custom, but is 'gaussian'");
    }

    @Test
    void theSdkVersionIsThePluginParentsVscSdkVersion() throws Exception {
        // vsc-plugin-parent names the SDK with a literal (see its pom); the scaffold's parent version must match it.
        String pom = Files.readString(Path.of(System.getProperty("vsc.plugin.parent.pom")));
        assertThat(pom).contains("<vsc.sdk.version>" + PluginScaffold.sdkVersion() + "</vsc.sdk.version>");
        assertThat(PluginScaffold.sdkVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void theLocationScaleProjectHasEveryFileWithTheNamesFilledIn() throws Exception {
        Path project = tmp.resolve("my-prior");
        List<Path> files = PluginScaffold.write(spec("my-prior", PluginScaffold.Family.LOCATION_SCALE), project);
        assertThat(files).containsExactly(Path.of("pom.xml"), Path.of("README.md"), Path.of(".gitignore"),
                Path.of("src/main/java/com/example/myprior/MyPriorBase.java"), Path.of("src/main/java/com/example/myprior/MyPriorPlugin.java"),
                Path.of("src/main/java/com/example/myprior/package-info.java"),
                Path.of("src/main/resources/META-INF/services/org.vsclab.plugin.VscPlugin"), Path.of("src/main/resources/reference.conf"),
                Path.of("src/test/java/com/example/myprior/MyPriorConformanceTest.java"));
        for (Path f : files) {
            assertThat(Files.readString(project.resolve(f))).as(f.toString()).doesNotContain("{{");
        }
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains("<artifactId>vsc-plugin-parent</artifactId>\n    <version>" + PluginScaffold.sdkVersion() + "</version>")
                .contains("<artifactId>my-prior</artifactId>\n</project>");
        assertThat(Files.readString(project.resolve("src/main/resources/META-INF/services/org.vsclab.plugin.VscPlugin")))
                .isEqualTo("com.example.myprior.MyPriorPlugin\n");
        assertThat(Files.readString(project.resolve("src/main/resources/reference.conf")))
                .contains("  my-prior {").contains("target-sparsity = ${model.target-sparsity}");
        assertThat(Files.readString(project.resolve("README.md"))).contains("cp target/my-prior-" + PluginScaffold.sdkVersion() + ".jar ~/.vsc/plugins/")
                .contains("| `src/main/java/com/example/myprior/MyPriorBase.java` | your distribution");
    }

    @Test
    void aFolderThatIsNotEmptyIsRefused() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(project.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> PluginScaffold.write(spec("taken", PluginScaffold.Family.CUSTOM), project))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists and is not an empty folder");
        assertThat(project.resolve("pom.xml")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(PluginScaffold.Family.class)
    void theGeneratedPluginCompilesAndItsFamilyBuildsFromItsOwnReference(PluginScaffold.Family family) throws Exception {
        String name = "scaffolded-" + family.id();
        Path project = tmp.resolve(name);
        PluginScaffold.write(spec(name, family), project);

        // The plugin as a jar in a plugins directory, compiled against the framework only.
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(project.resolve("src/main/java"))) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                String relative = project.resolve("src/main/java").relativize(f).toString();
                sources.put(relative.substring(0, relative.length() - 5).replace(File.separatorChar, '.'), Files.readString(f));
            }
        }
        Path plugins = Files.createDirectories(tmp.resolve("plugins-" + family.id()));
        String pluginClass = Files.readString(project.resolve("src/main/resources/META-INF/services/org.vsclab.plugin.VscPlugin")).trim();
        PluginJars.build(plugins.resolve(name + ".jar"), sources, pluginClass, Files.readString(project.resolve("src/main/resources/reference.conf")),
                VscPlugin.class, NDArray.class, AbstractModule.class, Config.class);

        // Its family builds from the generated reference.conf alone: no key is missing.
        ComponentRegistry registry = PluginLoader.load(List.of(plugins));
        try (NDManager manager = TestEngine.manager(1)) {
            var config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), List.of("model.prior=" + name));
            VariationalFamily built = new ExperimentBuilder(registry).buildComponent(config, ComponentKind.PRIOR, name, manager, 4, List.of());
            assertThat(built.priorNonZeroFraction()).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));   // model.target-sparsity
        }

        // The conformance test compiles against the kit and the plugin.
        Path testClasses = Files.createDirectories(tmp.resolve("test-classes-" + family.id()));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", testClasses.toString(), "-classpath",
                System.getProperty("java.class.path") + File.pathSeparator + plugins.resolve(name + ".jar")));
        try (Stream<Path> walk = Files.walk(project.resolve("src/test/java"))) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).as("javac of the test").isZero();
    }
}
