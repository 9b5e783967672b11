package org.vsclab.tracking.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileRunCatalog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc push}: uploads runs of a local store (made with {@code tracking.uri = file:...}) to an
 * MLflow server, idempotently: a run pushed twice is one run on the server, and a child run brings
 * its parent.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Upload local runs to an MLflow server (params, metric histories, tags, artifacts, status;",
                "parents of child runs too). Pushing again sends only what is new.",
                "Example: vsc push --all --to http://mlflow.example.org:5000"})
public final class PushCommand implements VscCommand {

    @ParentCommand
    Vsc vsc;

    /** The runs: ids or --all. */
    static final class Selection {
        @Parameters(paramLabel = "RUN-ID", description = "Runs to push (ids or unique prefixes).")
        List<String> runIds;

        @Option(names = "--all", description = "Every run of the store.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Selection selection;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "The server, http(s)://host:port.")
    String to;

    @Option(names = "--from", paramLabel = "DIR", description = "The local store. Default: ./mlruns.")
    String from = "./mlruns";

    @Option(names = "--wait", paramLabel = "DURATION", description = "How long to wait for the server. Default: 10m.")
    String wait = "10m";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = vsc.session().out();
        PrintWriter err = vsc.session().err();
        List<String> ids = new ArrayList<>();
        Path store;
        try {
            store = DeliveryCommands.store(from);
            MlflowRest.normalize(to);
            DeliveryCommands.duration(wait);
            FileRunCatalog catalog = new FileRunCatalog(store);
            if (selection.all) {
                List<RunSummary> runs = new ArrayList<>(catalog.runs(Optional.empty()));
                runs.sort(java.util.Comparator.comparingLong(RunSummary::startTime));
                runs.forEach(r -> ids.add(r.runId()));
            } else {
                for (String id : selection.runIds) {
                    ids.add(catalog.find(id).orElseThrow(() -> new IllegalArgumentException(
                            "no run '" + id + "' in " + store + " (see `vsc runs --uri " + store + "`)")).runId());
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Vsc.USAGE;
        }
        if (ids.isEmpty()) {
            out.println("No runs in " + store + ".");
            return 0;
        }
        int code = DeliveryCommands.deliver(out, err, to, store, ids, DeliveryCommands.duration(wait));
        out.flush();
        err.flush();
        return code;
    }
}
