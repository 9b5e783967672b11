package org.vsclab.tracking.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc sync}: delivers every run of the write-ahead store that is not yet completely on the
 * server it was recorded for (runs made while the server was down, or cut short by a closed laptop).
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Deliver the runs recorded for an MLflow server that have not reached it yet (made offline, or",
                "while it was down). Credentials: MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN.",
                "Example: vsc sync"})
public final class SyncCommand implements VscCommand {

    @ParentCommand
    Vsc vsc;

    @Option(names = "--outbox", paramLabel = "DIR", description = "The write-ahead store (trackers.http.outbox). Default: ./mlruns.")
    String outbox = "./mlruns";

    @Option(names = "--wait", paramLabel = "DURATION", description = "How long to wait for the server. Default: 10m.")
    String wait = "10m";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = vsc.session().out();
        PrintWriter err = vsc.session().err();
        Path store;
        try {
            store = DeliveryCommands.store(outbox);
            DeliveryCommands.duration(wait);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Vsc.USAGE;
        }
        Map<String, List<String>> pending = DeliveryCommands.pendingByTarget(store);
        if (pending.isEmpty()) {
            out.println("Nothing to deliver: every run in " + store + " recorded for a server is on it.");
            return 0;
        }
        int code = 0;
        for (Map.Entry<String, List<String>> e : pending.entrySet()) {
            int c = DeliveryCommands.deliver(out, err, e.getKey(), store, e.getValue(), DeliveryCommands.duration(wait));
            code = Math.max(code, c);
        }
        out.flush();
        err.flush();
        return code;
    }
}
