package org.vsclab.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.vsclab.bench.peer.PeerEnvironment;
import org.vsclab.bench.peer.PeerException;
import org.vsclab.bench.peer.PeerPython;
import org.vsclab.cli.Table;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import org.vsclab.plugin.ComponentRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc bench [name ...] [--smoke] [--peer]}: runs whole-workload benchmarks and prints their
 * figures; with {@code --peer}, also the PyTorch peer of each (interleaved) and the ratio.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run benchmarks (all when none is named) and print their figures and a summary line each.",
                "Without a name and without --smoke, lists the benchmarks."})
public final class BenchCommand implements VscCommand {

    @ParentCommand
    Vsc parent;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Benchmarks to run.")
    List<String> names = new ArrayList<>();

    @Option(names = "--smoke", description = "Run each benchmark for a few iterations only (checks that it runs).")
    boolean smoke;

    @Option(names = "--steps", paramLabel = "N", description = "Override the number of timed iterations.")
    int steps;

    @Option(names = "--peer", description = {"Also time the same step written directly in PyTorch "
            + PeerEnvironment.TORCH_VERSION + ", interleaved with ours, and print both medians and their ratio.",
            "The first use creates a virtual environment under ~/.cache/vsc-lab/peer/ (about 5 GB from the Python package index);"
                    + " $VSC_PEER_PYTHON picks another interpreter."})
    boolean peer;

    @Option(names = "--jmh", paramLabel = "REGEX", arity = "0..1", fallbackValue = ".*",
            description = "Run the JMH kernel benchmarks matching REGEX (all by default) instead of workloads;"
                    + " JMH options may follow in the same argument, e.g. --jmh 'ScoringKernels -p scale=0.08 -i 3'.")
    String jmh;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.session().out();
        PrintWriter err = parent.session().err();
        ComponentRegistry registry = parent.session().registry();
        if (jmh != null) {
            // JMH's own runner (from the bench jar); it forks JVMs with this process's classpath.
            Class<?> main = Class.forName("org.openjdk.jmh.Main", true, registry.classLoader());
            main.getMethod("main", String[].class).invoke(null, (Object) jmh.trim().split("\\s+"));
            return 0;
        }
        List<Workload> all = new ArrayList<>();
        ServiceLoader.load(Workload.class, registry.classLoader()).forEach(all::add);
        all.sort(java.util.Comparator.comparing(Workload::name));
        if (names.isEmpty() && !smoke) {
            Table table = new Table("BENCHMARK", "WHAT IT MEASURES");
            all.forEach(w -> table.row(w.name(), w.description()));
            table.print(out);
            return 0;
        }
        List<Workload> chosen = new ArrayList<>();
        for (String name : names) {
            Workload w = all.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (w == null) {
                err.println("error: unknown benchmark '" + name + "'. Available: "
                        + String.join(", ", all.stream().map(Workload::name).toList()));
                return Vsc.USAGE;
            }
            chosen.add(w);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(all);
        }
        PeerPython peerPython = null;
        if (peer) {
            List<String> without = chosen.stream().filter(w -> !w.hasPeer()).map(Workload::name).toList();
            if (!without.isEmpty()) {
                err.println("error: --peer: benchmark " + String.join(", ", without) + " has no PyTorch peer; --peer works with "
                        + String.join(", ", all.stream().filter(Workload::hasPeer).map(Workload::name).toList()));
                return Vsc.USAGE;
            }
            try {
                peerPython = new PeerEnvironment(System.getenv(), out).resolve();
            } catch (PeerException e) {
                err.println("error: --peer: " + e.getMessage());
                return Vsc.USAGE;
            }
            out.println("peer: " + peerPython.label());
        }
        List<String> summaries = new ArrayList<>();
        for (Workload w : chosen) {
            out.println("== " + w.name() + (smoke ? " (smoke)" : "") + ": " + w.description());
            out.flush();
            BenchResult result = w.run(new BenchContext(registry, smoke, steps, out, peerPython));
            out.println(result.summary());
            out.flush();
            summaries.add(result.summary());
        }
        if (chosen.size() > 1) {
            out.println("== summary");
            summaries.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
