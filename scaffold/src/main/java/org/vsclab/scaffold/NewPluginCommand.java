package org.vsclab.scaffold;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vsclab.cli.Vsc;
import org.vsclab.cli.VscCommand;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.Contribution;
import org.vsclab.plugin.PluginDirectories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vsc new-plugin NAME [--family location-scale|custom] [--dir DIR] [--package PKG]}: writes a plugin
 * project for a new prior ({@link PluginScaffold}) and says how to build, drop in and run it.
 */
@Command(name = "new-plugin", mixinStandardHelpOptions = true,
        description = {"Create a plugin project for a new prior: the family class with the methods to fill, a complete",
            "reference.conf, the services file and a conformance test; its untouched `mvn package` passes (needs the SDK: ./install)."})
public final class NewPluginCommand implements VscCommand {

    @ParentCommand
    Vsc vsc;

    @Parameters(index = "0", paramLabel = "NAME", description = "The prior's name, kebab-case: model.prior = NAME, and the project's artifactId.")
    String name;

    @Option(names = "--family", paramLabel = "KIND", defaultValue = "location-scale",
            description = {"location-scale (default): implement a LocationScaleBase; thresholds, estimators and warm-up come with it.",
                "custom: implement a VariationalFamily on the SPI alone."})
    String family;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Where the project folder NAME is created (default: here).")
    Path dir;

    @Option(names = "--package", paramLabel = "PKG", description = "The Java package (default: com.example.<name without dashes>).")
    String packageName;

    @Override
    public Integer call() {
        PrintWriter out = vsc.session().out();
        PrintWriter err = vsc.session().err();
        PluginScaffold.Spec spec;
        try {
            spec = PluginScaffold.spec(name, PluginScaffold.Family.of(family), Optional.ofNullable(packageName));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        ComponentRegistry registry = vsc.session().registry();
        Optional<Contribution> taken = registry.contributions().stream()
                .filter(c -> c.kind().equals(ComponentKind.PRIOR) && c.name().equals(name)).findFirst();
        if (taken.isPresent()) {
            return usage(err, "a prior named '" + name + "' is already installed (" + taken.get().source() + "); choose another name");
        }
        Path project = dir.resolve(name);
        List<Path> files;
        try {
            files = PluginScaffold.write(spec, project);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Path shown = project.toAbsolutePath().normalize();
        out.println("Created the plugin project " + name + " (" + spec.family().id() + " family) in " + shown + ":");
        files.forEach(f -> out.println("  " + f));
        out.println();
        out.println("Next (the README in the project says what to change in each file):");
        out.println("  cd " + shown);
        out.println("  mvn package                  # builds the plugin and runs the conformance kit");
        out.println("  mkdir -p " + PluginDirectories.user() + " && cp " + spec.jar() + " " + PluginDirectories.user() + "/");
        Optional<Path> launcher = PluginDirectories.distribution().flatMap(NewPluginCommand::launcher);
        String vscCommand = launcher.map(Path::toString).orElse("bin/vsc");
        String quickstart = launcher.map(l -> l.getParent().resolveSibling("conf/experiments/quickstart.conf")).filter(Files::isRegularFile)
                .map(Path::toString).orElse("conf/experiments/quickstart.conf");
        out.println("  " + vscCommand + " plugins" + (launcher.isPresent() ? "" : "              # in the VSC Lab folder") + "   # lists prior " + name);
        out.println("  " + vscCommand + " run " + quickstart + " model.prior=" + name);
        Path parentPom = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "vsclab", "vsc-plugin-parent",
                PluginScaffold.sdkVersion(), "vsc-plugin-parent-" + PluginScaffold.sdkVersion() + ".pom");
        if (!Files.isRegularFile(parentPom)) {
            out.println();
            out.println("note: the SDK (org.vsclab:vsc-plugin-parent:" + PluginScaffold.sdkVersion() + ") is not in ~/.m2/repository;"
                    + " run ./install in the VSC Lab folder before mvn package.");
        }
        out.flush();
        return 0;
    }

    /** Returns the bin/vsc above the distribution's plugins folder (the repository's launcher), if there is one. */
    private static Optional<Path> launcher(Path distributionPlugins) {
        Path dir = distributionPlugins.toAbsolutePath().normalize();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("bin").resolve("vsc");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int usage(PrintWriter err, String message) {
        err.println("error: " + message + ".");
        err.flush();
        return Vsc.USAGE;
    }
}
