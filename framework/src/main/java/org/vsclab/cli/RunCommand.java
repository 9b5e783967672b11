package org.vsclab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.config.Settings;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.run.ExperimentRunner;
import org.vsclab.run.RunResult;
import picocli.CommandLine;
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
            description = "Run once per value (repeatable: every combination), each point in its own process as a child run of one parent;"
                    + " adds to the file's sweep { }. Same as `vsc sweep submit --launcher local` (which has --seeds and --parallel).")
    List<String> sweep = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ComponentRegistry registry = parent.registry();
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.of(file), overrides);
        if (printConfig) {
            out.println(config.render());
            return 0;
        }
        if (!sweep.isEmpty() || (config.resolved().hasPath("sweep") && !config.resolved().getObject("sweep").isEmpty())) {
            return sweep();
        }
        return TrackedRunExecution.execute(err, !noProgress, context -> {
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

    /**
     * Hands a sweep to {@code vsc sweep submit --launcher local} (the sweeps module in {@code lib/}):
     * every point runs in its own process as a child run of one parent.
     */
    private int sweep() {
        CommandLine sweeps = parent.spec.commandLine().getSubcommands().get("sweep");
        if (sweeps == null) {
            throw new ConfigError("sweep", "This configuration is a sweep, but this installation has no `vsc sweep`"
                    + " command (the vsc-sweeps module is not in lib/); rebuild with ./install, or run one point with sweep={}.");
        }
        List<String> args = new ArrayList<>(List.of("submit", "--launcher", "local"));
        for (String axis : sweep) {
            args.add("--sweep");
            args.add(axis);
        }
        args.add("--");
        args.add(file.toString());
        args.addAll(overrides);
        return sweeps.execute(args.toArray(String[]::new));
    }
}
