package org.vsclab.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.vsclab.cli.Vsc;

/** Runs the {@code vsc} command line in-process and captures what it prints. */
public final class VscCli {

    private VscCli() {}

    /**
     * What a command printed and returned.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Output(int code, String out, String err) {}

    /**
     * Runs {@code vsc} with the given arguments.
     *
     * @param args the arguments, as on a command line
     * @return exit code and output
     */
    public static Output run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vsc.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Output(code, out.toString(), err.toString());
    }
}
