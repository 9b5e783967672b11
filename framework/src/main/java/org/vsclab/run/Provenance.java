package org.vsclab.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.Contribution;

/**
 * The tags that let a run be re-created and audited: who ran what from which commit, with which
 * versions, plugins and data. Together with the recorded {@code config.conf} (every resolved key),
 * {@code vsc run <that config.conf>} repeats the run.
 */
final class Provenance {

    private Provenance() {}

    /**
     * Collects the provenance tags of an experiment.
     *
     * @param experiment the built experiment
     * @param registry where its components came from
     * @return tag key to value
     */
    static Map<String, String> tags(Experiment experiment, ComponentRegistry registry) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("mlflow.source.name", "vsc run " + experiment.config().file().map(Path::toString).orElse("(defaults)"));
        Path where = experiment.config().file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        git(where, "rev-parse", "HEAD").ifPresent(c -> tags.put("mlflow.source.git.commit", c));
        git(where, "rev-parse", "--abbrev-ref", "HEAD").ifPresent(b -> tags.put("mlflow.source.git.branch", b));
        git(where, "status", "--porcelain", "--untracked-files=no").ifPresent(s -> tags.put("vsc.git.dirty", Boolean.toString(!s.isBlank())));
        tags.put("vsc.version", version());
        tags.put("vsc.java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        tags.put("vsc.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Engine engine = Engine.getInstance();
        tags.put("vsc.engine", engine.getEngineName() + " " + engine.getVersion() + ", DJL " + Engine.getDjlVersion());
        tags.put("vsc.device", experiment.manager().getDevice().toString());
        tags.put("vsc.seed", Long.toString(experiment.seed()));
        if (!experiment.config().overrides().isEmpty()) {
            tags.put("vsc.overrides", String.join(" ", experiment.config().overrides()));
        }
        for (Map.Entry<String, String> e : experiment.selections().entrySet()) {
            tags.put("vsc.component." + e.getKey(), e.getValue() + " (" + source(registry, e.getKey(), e.getValue()) + ")");
        }
        tags.putAll(experiment.data().identity());
        return tags;
    }

    private static String source(ComponentRegistry registry, String kind, String name) {
        for (Contribution c : registry.contributions()) {
            if (c.kind().name().equals(kind) && c.name().equals(name)) {
                return c.source();
            }
        }
        for (ComponentKind<?> k : ComponentKind.ALL) {
            if (k.name().equals(kind)) {
                return "unregistered";
            }
        }
        return "unknown";
    }

    /** Returns the framework's version from its jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Runs git in the directory of the experiment file, so the commit is that of the experiment's repository. */
    private static Optional<String> git(Path directory, String... args) {
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
