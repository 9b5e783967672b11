package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.scaffold.PluginScaffold;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileStoreTracker;

/**
 * README's "Adding a plugin" as a user does it, outside the repository: {@code bin/vsc new-plugin} for
 * both kinds of family, {@code mvn package} of the untouched projects against the installed SDK (their
 * conformance tests run), the jars copied into ~/.vsc/plugins, {@code bin/vsc plugins}, and
 * {@code bin/vsc run} of the quickstart with each new prior.
 *
 * <p>Offline and private: the SDK this build made (the root and plugin parent POMs, the framework with
 * its test-jar, the kit) is laid out in a fresh local repository as {@code mvn install} lays it out,
 * and everything else comes from this build's local repository through a {@code file:} mirror
 * ({@code -o} with {@code aether.offline.protocols=file}); "~" is a folder of the test
 * ({@code vsc.home}). The two generated projects build in one Maven invocation (an aggregator POM of the
 * test's) to save a JVM start; each is an untouched project with its own tests.
 */
class OutsidePluginIT {

    private static final Path ROOT = Path.of(System.getProperty("vsc.repository.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = PluginScaffold.sdkVersion();

    @TempDir
    Path tmp;

    /** Runs a command in a directory, with extra environment, and returns its output; fails the test if it fails. */
    private static String run(Path dir, Map<String, String> env, long timeoutMinutes, String... command) throws Exception {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process p = builder.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutMinutes + " min:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s\n%s", String.join(" ", command), out).isZero();
        System.out.printf("OutsidePluginIT: %-12s %5.1f s%n", command[Math.min(1, command.length - 1)].startsWith("-")
                ? "mvn package" : "vsc " + command[1], (System.nanoTime() - started) / 1e9);
        return out;
    }

    /** Lays out one artifact as mvn install does (a locally installed SNAPSHOT needs no metadata). */
    private void install(Path repository, String artifactId, Path pom, Path... jars) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("org/vsclab/" + artifactId + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"));
        for (Path jar : jars) {
            assertThat(jar).as("%s: build the SDK first (mvn verify builds it before this test)", jar).isRegularFile();
            String classifier = jar.getFileName().toString().endsWith("-tests.jar") ? "-tests" : "";
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + classifier + ".jar"));
        }
    }

    private Path privateRepository() throws IOException {
        Path repository = tmp.resolve("m2");
        install(repository, "vsc-lab", ROOT.resolve("pom.xml"));
        install(repository, "vsc-plugin-parent", ROOT.resolve("plugin-parent/pom.xml"));
        install(repository, "vsc-framework", ROOT.resolve("framework/pom.xml"), ROOT.resolve("framework/target/vsc-framework-" + VERSION + ".jar"),
                ROOT.resolve("framework/target/vsc-framework-" + VERSION + "-tests.jar"));
        install(repository, "vsc-framework-testkit", ROOT.resolve("testkit/pom.xml"),
                ROOT.resolve("testkit/target/vsc-framework-testkit-" + VERSION + ".jar"));
        return repository;
    }

    @Test
    void aScaffoldedPluginBuiltOutsideTheRepositoryIsDroppedInAndRunByVsc() throws Exception {
        Path vsc = ROOT.resolve("bin/vsc");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path home = tmp.resolve("home/.vsc");
        Map<String, String> env = Map.of("JAVA_OPTS", "-Dvsc.home=" + home, "OPT_OUT_TRACKING", "true");

        // 1. Scaffold both kinds of family.
        String created = run(outside, env, 2, vsc.toString(), "new-plugin", "it-spiky", "--dir", outside.toString());
        assertThat(created).contains("Created the plugin project it-spiky (location-scale family)").contains("mvn package");
        run(outside, env, 2, vsc.toString(), "new-plugin", "it-custom", "--family", "custom", "--dir", outside.toString());

        // 2. mvn package, untouched, against the installed SDK: offline, private repository.
        Files.writeString(outside.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>it</groupId><artifactId>both</artifactId><version>1</version>
                  <packaging>pom</packaging><modules><module>it-spiky</module><module>it-custom</module></modules></project>
                """);
        Files.writeString(tmp.resolve("settings.xml"), "<settings><mirrors><mirror><id>this-build</id><mirrorOf>*</mirrorOf><url>"
                + Path.of(System.getProperty("vsc.outer.repository")).toUri() + "</url></mirror></mirrors></settings>\n");
        String maven = run(outside, Map.of(), 10, "mvn", "-o", "-B", "-ntp", "-s", tmp.resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + privateRepository(), "-Daether.offline.protocols=file",
                "-Dvsc.cache.dir=" + System.getProperty("vsc.cache.dir"), "package");
        assertThat(maven).containsPattern("Tests run: 1\\d, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* -- in com.example.itspiky.ItSpikyConformanceTest")
                .containsPattern("Tests run: 1\\d, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* -- in com.example.itcustom.ItCustomConformanceTest")
                .contains("BUILD SUCCESS");

        // 3. Drop the jars into ~/.vsc/plugins; vsc plugins lists them.
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path jar = plugins.resolve("it-spiky-" + VERSION + ".jar");
        Files.copy(outside.resolve("it-spiky/target/it-spiky-" + VERSION + ".jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(outside.resolve("it-custom/target/it-custom-" + VERSION + ".jar"), plugins.resolve("it-custom-" + VERSION + ".jar"));
        String listing = run(outside, env, 2, vsc.toString(), "plugins");
        assertThat(listing).contains(plugins + "  (your plugins: drop jars here; 2 jars)")
                .containsPattern("prior +it-spiky +plugin jar " + java.util.regex.Pattern.quote(jar.toString()))
                .containsPattern("prior +it-custom +plugin jar ");

        // 4. The quickstart with each new prior (a tiny version): both finish, with the quickstart's warm-up where it applies.
        Path mlruns = tmp.resolve("mlruns");
        String runs = run(outside, env, 5, vsc.toString(), "run", ROOT.resolve("conf/experiments/quickstart.conf").toString(),
                "--no-progress", "--sweep", "model.prior=it-spiky,it-custom", "train.epochs=1", "data-sources.synthetic.train-samples=500",
                "data-sources.synthetic.validation-samples=100", "encoders.mlp.hidden=[32]", "tracking.uri=" + mlruns);
        assertThat(runs).contains("prior.warmup.begin").contains("is left out: the chosen prior 'it-custom' has no such setting");
        List<RunSummary> recorded = FileStoreTracker.open(mlruns.toString()).catalog().runs(Optional.empty());
        List<RunSummary> children = recorded.stream().filter(r -> r.tags().containsKey("mlflow.parentRunId")).toList();
        assertThat(children).extracting(r -> r.params().get("model.prior")).containsExactlyInAnyOrder("it-spiky", "it-custom");
        assertThat(children).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
        RunSummary spiky = children.stream().filter(r -> r.params().get("model.prior").equals("it-spiky")).findFirst().orElseThrow();
        assertThat(spiky.params()).containsEntry("priors.it-spiky.warmup.begin", "5%").containsEntry("priors.it-spiky.warmup.end", "30%");
        assertThat(spiky.tags().get("vsc.component.prior")).contains(jar.toString());
        assertThat(spiky.tags()).containsEntry("vsc.git.dirty", "true");
        assertThat(spiky.tags().get("vsc.git.dirty.reason")).contains("plugin jar " + jar + " (prior 'it-spiky') is outside the repository");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        assertThat(provenanceOf(mlruns, spiky.runId())).contains("\"sha256\": \"" + sha + "\"");
    }

    private static String provenanceOf(Path mlruns, String runId) throws IOException {
        try (Stream<Path> files = Files.walk(mlruns)) {
            List<Path> found = new ArrayList<>(files.filter(p -> p.endsWith(Path.of(runId, "artifacts", "provenance.json"))).toList());
            assertThat(found).as("provenance.json of run %s", runId).hasSize(1);
            return Files.readString(found.get(0));
        }
    }
}
