package org.vsclab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.config.Settings;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunEndedException;
import org.vsclab.run.RunResult;
import org.vsclab.run.SweepRunner;
import org.vsclab.spi.RunStatus;
import org.vsclab.train.StopSignal;
import org.vsclab.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vsc run <experiment.conf> [key=value ...]}: runs one tracked experiment. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment and record it in the tracking store.",
                "Example: vsc run conf/experiments/quickstart.conf train.epochs=5 model.prior=thresholded-laplacian"})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Vsc parent;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.conf", description = "The experiment file (HOCON), e.g. conf/experiments/quickstart.conf.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides of config keys, applied after the file.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--print-config", description = "Print the fully resolved configuration and exit.")
    boolean printConfig;

    @Option(names = "--no-progress", description = "Print one line per epoch instead of a live progress bar.")
    boolean noProgress;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...",
            description = "Run once per value (repeatable: every combination), as child runs of one parent; adds to the file's sweep { }.")
    List<String> sweep = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ComponentRegistry registry = parent.registry();
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.of(file), overrides);
        Map<String, List<String>> axes = SweepRunner.axes(config, sweep);
        if (printConfig) {
            out.println(config.render());
            return 0;
        }
        return TrackedRunExecution.execute(err, !noProgress, context -> {
            if (!axes.isEmpty()) {
                return sweep(out, registry, context.listeners(), context.stop(), axes, config);
            }
            long started = System.nanoTime();
            RunResult result = new ExperimentRunner(registry, context.listeners(), context.stop()).run(config);
            Settings settings = config.settings();
            TrackedRunExecution.printSummary(out, result, (System.nanoTime() - started) / 1e9,
                    settings.has("model.target-sparsity") ? OptionalDouble.of(settings.number("model.target-sparsity"))
                            : OptionalDouble.empty(),
                    settings.string("tracking.uri"), settings.string("experiment"));
            return 0;
        });
    }

    private int sweep(PrintWriter out, ComponentRegistry registry, List<TrainingListener> listeners, StopSignal stop,
            Map<String, List<String>> axes, ExperimentConfig config) {
        List<SweepRunner.Child> children = new SweepRunner(registry, listeners, stop).run(Optional.of(file), overrides, axes);
        out.println();
        out.println("Sweep over " + axes + ":");
        Table table = new Table("POINT", "RUN", "STATUS", "VAL LOSS", "VAL RECON", "NONZERO", "ATOMS REC", "BEST COS");
        int failed = 0;
        for (SweepRunner.Child c : children) {
            String point = String.join(" ", c.point());
            if (c.result() == null) {
                failed++;
                table.row(point, c.failure().runId().substring(0, 8), c.failure().status().name(), "-", "-", "-", "-", "-");
                continue;
            }
            Map<String, Double> m = c.result().metrics();
            table.row(point, c.result().runId().substring(0, 8), c.result().status().name(), Table.number(m.get("val/loss")),
                    Table.number(m.get("val/recon")), Table.number(m.get("val/nonzero_frac")),
                    Table.number(m.get("dict/atoms_recovered")), Table.number(m.get("dict/best_cosine_mean")));
        }
        table.print(out);
        out.println("All runs: vsc runs --experiment " + config.settings().string("experiment"));
        boolean killed = children.stream().anyMatch(c -> c.failure() != null && c.failure().status() == RunStatus.KILLED);
        return killed ? Vsc.KILLED : failed > 0 ? Vsc.FAILED : 0;
    }
}
