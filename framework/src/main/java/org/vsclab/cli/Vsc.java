package org.vsclab.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import org.vsclab.config.ConfigError;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginDirectories;
import org.vsclab.plugin.PluginException;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.plugin.UnknownComponentException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code vsc} command: global options and the sub-commands. */
@Command(
        name = "vsc",
        mixinStandardHelpOptions = true,
        versionProvider = Vsc.Version.class,
        description = "VSC Lab: run, compare and share variational sparse coding experiments.",
        subcommands = {RunCommand.class, ResumeCommand.class, PluginsCommand.class, RunsCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Vsc implements Runnable, VscSession {

    /** Exit code of a bad command line, configuration or plugin set. */
    public static final int USAGE = 2;
    /** Exit code of a run that failed. */
    public static final int FAILED = 1;
    /** Exit code of a run stopped by the user (as a shell reports SIGINT). */
    public static final int KILLED = 130;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory whose *.jar files are plugins (repeatable); $VSC_PLUGINS_DIR adds more, and ~/.vsc/plugins"
                    + " (your drop-in folder) is always searched.")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Log what the framework does (INFO level).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private ComponentRegistry registry;
    private ComponentRegistry classpathRegistry;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).sorted().toList()) + ".");
    }

    /** Returns this invocation's session: plugins, console, global options. */
    public VscSession session() {
        return this;
    }

    @Override
    public ComponentRegistry registry() {
        if (registry == null) {
            logVerbosely();
            registry = PluginLoader.load(pluginDirectories());
        }
        return registry;
    }

    @Override
    public ComponentRegistry classpathRegistry() {
        if (classpathRegistry == null) {
            logVerbosely();
            classpathRegistry = PluginLoader.load(List.of());
        }
        return classpathRegistry;
    }

    @Override
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private void logVerbosely() {
        if (verbose) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.vsclab")).setLevel(Level.INFO);
        }
    }

    /** Returns the plugin directories: {@code --plugins-dir}, {@code $VSC_PLUGINS_DIR}, ~/.vsc/plugins ({@link PluginDirectories}). */
    @Override
    public List<Path> pluginDirectories() {
        return PluginDirectories.resolve(pluginDirs, System.getenv(PluginDirectories.ENVIRONMENT));
    }

    /**
     * Builds the command line with VSC Lab's error handling: configuration and plugin errors print one
     * clear message (no stack trace) and exit with {@link #USAGE}.
     *
     * @param out standard output
     * @param err standard error
     * @return the command line
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Vsc());
        for (VscCommand command : ServiceLoader.load(VscCommand.class, Vsc.class.getClassLoader())) {
            String name = command.getClass().getAnnotation(Command.class) == null ? null
                    : command.getClass().getAnnotation(Command.class).name();
            if (name == null || cl.getSubcommands().containsKey(name)) {
                throw new IllegalStateException("Command " + command.getClass().getName() + (name == null
                        ? " has no @Command annotation" : " is named '" + name + "', which another command already is"));
            }
            cl.addSubcommand(name, command);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigError || e instanceof UnknownComponentException || e instanceof PluginException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                commandLine.getErr().flush();
                return USAGE;
            }
            throw e;
        });
        return cl;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Prints the framework's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vsc.class.getPackage().getImplementationVersion();
            return new String[] {"VSC Lab " + (v == null ? "dev" : v)};
        }
    }
}
