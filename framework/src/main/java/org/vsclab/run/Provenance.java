package org.vsclab.run;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a run is made of, recorded so that it can be re-created and audited (Tribuo's provenance):
 * the tags every run carries (who ran what, from which commit, on which machine), and the versioned
 * {@code provenance.json} document — the resolved configuration's identity, seed, code version, the
 * versions of Java, DJL/PyTorch and ND4J, the OS, CPU and device, every component with its plugin jar,
 * version and SHA-256, and the data's identity. Readers must ignore fields they do not know; the
 * {@code schemaVersion} grows when a field changes meaning.
 */
public final class Provenance {

    /** The artifact that holds the document. */
    public static final String ARTIFACT = "provenance.json";
    /** The document's schema name. */
    public static final String SCHEMA = "vsc-lab/provenance";
    /** The document's schema version. */
    public static final int SCHEMA_VERSION = 1;

    /** Tag: the host the run's process runs on. */
    public static final String HOST_TAG = "vsc.host";
    /** Tag: the run's process id on that host. */
    public static final String PID_TAG = "vsc.pid";
    /** Tag: the run's seed. */
    public static final String SEED_TAG = "vsc.seed";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Provenance() {}

    /**
     * The provenance document (field names are its JSON keys).
     *
     * @param schema {@value #SCHEMA}
     * @param schemaVersion {@value #SCHEMA_VERSION}
     * @param createdAt ISO-8601 instant
     * @param run experiment, run name and seed
     * @param config where the configuration came from and its identity
     * @param code the code version
     * @param runtime the machine and libraries
     * @param components every built component, in build order
     * @param data the data's identity (the data source's own keys)
     */
    public record Document(String schema, int schemaVersion, String createdAt, RunPart run, ConfigPart config, CodePart code,
            RuntimePart runtime, List<ComponentPart> components, Map<String, String> data) {}

    /**
     * The run.
     *
     * @param experiment the experiment's name
     * @param runName the run's name
     * @param seed the seed
     */
    public record RunPart(String experiment, String runName, long seed) {}

    /**
     * The configuration.
     *
     * @param file the experiment file, if any
     * @param overrides the command-line overrides
     * @param artifact the artifact holding the resolved configuration
     * @param sha256 the SHA-256 of that artifact's bytes
     */
    public record ConfigPart(String file, List<String> overrides, String artifact, String sha256) {}

    /**
     * The code.
     *
     * @param vscVersion VSC Lab's version
     * @param gitCommit the commit of the experiment file's repository, if any
     * @param gitBranch its branch
     * @param gitDirty whether the run is not a clean checkout: tracked files had uncommitted changes, or
     *     a plugin jar came from outside the repository or is untracked in it (null when unknown)
     * @param dirtyBecause why it is not clean (empty when it is)
     */
    public record CodePart(String vscVersion, String gitCommit, String gitBranch, Boolean gitDirty, List<String> dirtyBecause) {}

    /**
     * The machine and libraries.
     *
     * @param java the Java version
     * @param javaVendor the Java vendor
     * @param os the OS name and version
     * @param arch the architecture
     * @param cpu the CPU model, when the OS tells
     * @param cores the available processors
     * @param device the training device
     * @param engine the training engine and its version
     * @param djl DJL's version
     * @param nd4j ND4J's version, when known
     * @param host the host name
     */
    public record RuntimePart(String java, String javaVendor, String os, String arch, String cpu, int cores, String device,
            String engine, String djl, String nd4j, String host) {}

    /**
     * One built component.
     *
     * @param kind its kind
     * @param name its registered name
     * @param settings its settings path
     * @param selectedBy the key that named it
     * @param factory its factory class
     * @param source where its plugin was found
     * @param jar its plugin's jar or classes folder
     * @param version the jar's version
     * @param sha256 the jar's SHA-256
     */
    public record ComponentPart(String kind, String name, String settings, String selectedBy, String factory, String source,
            String jar, String version, String sha256) {}

    /**
     * Collects the provenance tags of an experiment.
     *
     * @param experiment the built experiment
     * @param code the code version ({@link #code})
     * @return tag key to value
     */
    static Map<String, String> tags(Experiment experiment, CodePart code) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("mlflow.source.name", "vsc run " + experiment.config().file().map(Path::toString).orElse("(defaults)"));
        Optional.ofNullable(code.gitCommit()).ifPresent(c -> tags.put("mlflow.source.git.commit", c));
        Optional.ofNullable(code.gitBranch()).ifPresent(b -> tags.put("mlflow.source.git.branch", b));
        Optional.ofNullable(code.gitDirty()).ifPresent(d -> tags.put("vsc.git.dirty", Boolean.toString(d)));
        if (!code.dirtyBecause().isEmpty()) {
            tags.put("vsc.git.dirty.reason", String.join("; ", code.dirtyBecause()));
        }
        tags.put("vsc.version", code.vscVersion());
        tags.put("vsc.java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        tags.put("vsc.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Engine engine = Engine.getInstance();
        tags.put("vsc.engine", engine.getEngineName() + " " + engine.getVersion() + ", DJL " + Engine.getDjlVersion());
        tags.put("vsc.device", experiment.manager().getDevice().toString());
        tags.put(SEED_TAG, Long.toString(experiment.seed()));
        tags.putAll(processTags());
        if (!experiment.config().overrides().isEmpty()) {
            tags.put("vsc.overrides", String.join(" ", experiment.config().overrides()));
        }
        for (BuildRecord.Entry e : experiment.built().entries()) {
            String key = "vsc.component." + e.kind() + ("metric".equals(e.kind()) || "estimator".equals(e.kind())
                    ? "." + e.name() : "");
            tags.put(key, e.name() + " (" + e.source() + ")");
        }
        tags.putAll(experiment.data().identity());
        return tags;
    }

    /** Returns the tags that say which process on which host owns a run (set at start and on resume). */
    public static Map<String, String> processTags() {
        return Map.of(HOST_TAG, host(), PID_TAG, Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * Builds the provenance document of an experiment.
     *
     * @param experiment the built experiment
     * @param code the code version ({@link #code})
     * @param runName the run's name
     * @param configBytes the bytes of the recorded resolved configuration
     * @return the document as JSON
     */
    static byte[] document(Experiment experiment, CodePart code, String runName, byte[] configBytes) {
        Engine engine = Engine.getInstance();
        List<ComponentPart> components = new ArrayList<>();
        for (BuildRecord.Entry e : experiment.built().entries()) {
            components.add(new ComponentPart(e.kind(), e.name(), e.settingsPath(), e.selectedBy(), e.factory(), e.source(),
                    e.location().map(Path::toString).orElse(null), e.version().orElse(null), e.sha256().orElse(null)));
        }
        Document doc = new Document(SCHEMA, SCHEMA_VERSION, Instant.now().toString(),
                new RunPart(experiment.run().experiment(), runName, experiment.seed()),
                new ConfigPart(experiment.config().file().map(Path::toString).orElse(null), experiment.config().overrides(),
                        ExperimentRunner.CONFIG, Checkpoints.sha256(configBytes)),
                code,
                new RuntimePart(System.getProperty("java.version"), System.getProperty("java.vendor"),
                        System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                        cpuModel().orElse(null), Runtime.getRuntime().availableProcessors(),
                        experiment.manager().getDevice().toString(), engine.getEngineName() + " " + engine.getVersion(),
                        Engine.getDjlVersion(), nd4jVersion().orElse(null), host()),
                components, new LinkedHashMap<>(experiment.data().identity()));
        return GSON.toJson(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the framework's version from its jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : "unknown";
    }

    private static Optional<String> cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return Optional.empty();
    }

    private static Optional<String> nd4jVersion() {
        try {
            Class<?> nd4j = Class.forName("org.nd4j.linalg.factory.Nd4j", false, Provenance.class.getClassLoader());
            return org.vsclab.plugin.PluginLoader.locationOf(nd4j).flatMap(BuildRecord::version);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the code version: VSC Lab's, and what git says about the experiment file's repository.
     *
     * @param experiment the built experiment
     * @return the code part of the provenance
     */
    static CodePart code(Experiment experiment) {
        Path where = experiment.config().file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        Optional<String> top = git(where, "rev-parse", "--show-toplevel");
        Optional<String> status = git(where, "status", "--porcelain", "--untracked-files=no");
        List<String> reasons = top.isPresent() && status.isPresent()
                ? CleanCheckout.reasons(Path.of(top.get()), status.get(), experiment.built().entries(),
                        org.vsclab.plugin.PluginDirectories.distribution(), Provenance::git)
                : List.of();
        return new CodePart(version(), git(where, "rev-parse", "HEAD").orElse(null),
                git(where, "rev-parse", "--abbrev-ref", "HEAD").orElse(null),
                status.isPresent() && top.isPresent() ? !reasons.isEmpty() : null, reasons);
    }

    /** Runs git in the directory of the experiment file, so the commit is that of the experiment's repository. */
    static Optional<String> git(Path directory, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = directory.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
