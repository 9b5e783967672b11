package org.vsclab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.BuildRecord;
import org.vsclab.run.Experiment;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.MetricKeys;
import org.vsclab.run.RunResult;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.Tracker;
import org.vsclab.tracking.RecordedProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc rerun <run-id>}: re-creates a recorded run from its record alone (its {@code
 * config.conf} and {@code provenance.json}) as a new run in the same store, after checking that the
 * data and every plugin are the ones it was made with, and prints whether each final metric matches.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = {"Re-create a recorded run from its config.conf and provenance.json as a new run, and say whether",
                "each final metric matches. Refuses when the data's or a plugin's SHA-256 differs from the record",
                "(--allow-differences runs anyway). Works for runs on an MLflow server too (--uri http://...).",
                "Example: vsc rerun 27b7abb5"})
public final class RerunCommand implements VscCommand {

    /** Tag of the new run: the run it re-creates. */
    public static final String RERUN_OF_TAG = "vsc.rerun-of";

    @ParentCommand
    Vsc parent;

    @Parameters(index = "0", paramLabel = "RUN-ID", description = "The run's id, or a unique prefix of it (see `vsc runs`).")
    String runId;

    @Mixin
    TrackingOptions tracking;

    @Option(names = "--allow-differences", description = "Run even when the data or a plugin differs from the record (warns).")
    boolean allowDifferences;

    @Option(names = "--no-progress", description = "Print one line per epoch instead of a live progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.out();
        PrintWriter err = parent.err();
        ComponentRegistry registry = parent.registry();
        RunSummary original;
        RecordedProvenance provenance;
        byte[] configBytes;
        String uri;
        try (Tracker tracker = tracking.open(registry)) {
            uri = tracker.uri();
            RunCatalog catalog = tracker.catalog();
            try {
                original = catalog.find(runId).orElse(null);
            } catch (IllegalArgumentException ambiguous) {
                err.println("error: " + ambiguous.getMessage());
                return Vsc.USAGE;
            }
            if (original == null) {
                err.println("error: no run '" + runId + "' in " + uri + " (see `vsc runs`; --uri for another store).");
                return Vsc.USAGE;
            }
            provenance = RecordedProvenance.read(catalog, original);
            Optional<byte[]> config = catalog.artifact(original, provenance.configArtifact());
            if (config.isEmpty()) {
                err.println("error: run " + original.runId() + " has no " + provenance.configArtifact()
                        + " artifact, so it cannot be re-created (it was not made by `vsc run`).");
                return Vsc.USAGE;
            }
            configBytes = config.get();
        }
        provenance.notes().forEach(note -> err.println("note: " + note));
        if (provenance.configSha256().isPresent() && !provenance.configSha256().get().equals(sha256(configBytes))) {
            err.println("error: run " + original.runId() + "'s " + provenance.configArtifact() + " is not the one it was made with"
                    + " (SHA-256 " + sha256(configBytes) + ", recorded " + provenance.configSha256().get()
                    + "); its artifacts were changed.");
            return Vsc.USAGE;
        }
        ExperimentConfig config = recordedConfig(registry, configBytes, uri);
        List<String> differences;
        Experiment built = new ExperimentBuilder(registry).build(config);
        try (var manager = built.manager(); Tracker unused = built.tracker()) {
            differences = differences(provenance, built);
        }
        if (!differences.isEmpty()) {
            if (!allowDifferences) {
                err.println("error: run " + original.runId() + " cannot be re-created as it was: " + String.join("; ", differences)
                        + ". Use the recorded data and plugins, or add --allow-differences to run anyway.");
                return Vsc.USAGE;
            }
            differences.forEach(d -> err.println("warning: " + d));
        }
        RunSummary recorded = original;
        return TrackedRunExecution.execute(err, !noProgress, context -> {
            long started = System.nanoTime();
            RunResult result = new ExperimentRunner(registry, context.listeners(), context.stop())
                    .run(config, Map.of(RERUN_OF_TAG, recorded.runId()));
            TrackedRunExecution.printSummary(out, result, (System.nanoTime() - started) / 1e9, java.util.OptionalDouble.empty(),
                    uri, "");
            printComparison(out, recorded, result);
            return 0;
        });
    }

    /** What differs between the record and what the same configuration builds now. */
    static List<String> differences(RecordedProvenance recorded, Experiment now) {
        List<String> differences = new ArrayList<>();
        Map<String, String> data = now.data().identity();
        for (Map.Entry<String, String> e : recorded.data().entrySet()) {
            String current = data.get(e.getKey());
            if (!Objects.equals(current, e.getValue())) {
                differences.add("the data's " + e.getKey() + " is " + (current == null ? "missing" : "'" + current + "'")
                        + ", recorded '" + e.getValue() + "'");
            }
        }
        Map<String, BuildRecord.Entry> built = new TreeMap<>();
        for (BuildRecord.Entry e : now.built().entries()) {
            built.putIfAbsent(e.kind() + " " + e.name(), e);
        }
        for (RecordedProvenance.Component c : recorded.components()) {
            BuildRecord.Entry current = built.get(c.kind() + " " + c.name());
            if (current == null) {
                differences.add("the " + c.kind() + " '" + c.name() + "' is no longer built by this configuration");
            } else if (c.sha256().isPresent() && current.sha256().isPresent() && !c.sha256().get().equals(current.sha256().get())) {
                differences.add("the " + c.kind() + " '" + c.name() + "' comes from " + current.location().map(Path::toString)
                        .orElse(current.source()) + " with SHA-256 " + current.sha256().get() + ", recorded "
                        + c.sha256().get() + c.jar().map(j -> " (" + j + ")").orElse(""));
            }
        }
        return differences;
    }

    /** Prints the original's and the new run's final value of every metric both have (timings left out). */
    static void printComparison(PrintWriter out, RunSummary original, RunResult rerun) {
        Table table = new Table("METRIC", "RECORDED", "RERUN", "");
        int compared = 0;
        int differ = 0;
        for (Map.Entry<String, Double> e : new TreeMap<>(rerun.metrics()).entrySet()) {
            Double before = original.metrics().get(e.getKey());
            if (before == null || e.getKey().equals(MetricKeys.EPOCH_SECONDS) || e.getKey().endsWith("seconds")) {
                continue;
            }
            compared++;
            boolean same = Double.compare(before, e.getValue()) == 0;
            if (!same) {
                differ++;
            }
            table.row(e.getKey(), String.format(Locale.ROOT, "%.8g", before), String.format(Locale.ROOT, "%.8g", e.getValue()),
                    same ? "matches" : String.format(Locale.ROOT, "differs by %.3g", e.getValue() - before));
        }
        out.println();
        out.println("Re-created run " + original.runId() + " as " + rerun.runId() + ":");
        table.print(out);
        out.println(differ == 0 ? "All " + compared + " final metrics match." : differ + " of " + compared + " final metrics differ.");
        out.flush();
    }

    private static ExperimentConfig recordedConfig(ComponentRegistry registry, byte[] bytes, String trackingUri) throws IOException {
        Path file = Files.createTempFile("vsc-rerun", ".conf");
        try {
            Files.write(file, bytes);
            ExperimentConfig loaded = new ConfigLoader(registry.classLoader()).load(Optional.of(file),
                    List.of("tracking.uri=\"" + trackingUri.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            return new ExperimentConfig(loaded.resolved(), Optional.empty(), List.of());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
