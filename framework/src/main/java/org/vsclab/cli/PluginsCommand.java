package org.vsclab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.Contribution;
import org.vsclab.plugin.PluginDirectories;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code vsc plugins}: every registered implementation of every SPI, one line each, with its source. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every component (prior, estimator, selector, encoder, generator, data source, tracker) and where it came from.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    Vsc parent;

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        ComponentRegistry registry = parent.registry();
        out.println("Plugin directories (every *.jar in them is a plugin):");
        for (java.nio.file.Path dir : parent.pluginDirectories()) {
            out.println("  " + dir.toAbsolutePath().normalize() + "  (" + PluginDirectories.describe(dir, parent.pluginDirs) + ")");
        }
        out.println();
        int nameWidth = 4;
        for (Contribution c : registry.contributions()) {
            nameWidth = Math.max(nameWidth, c.name().length());
        }
        String format = "%-12s %-" + nameWidth + "s  %s%n";
        out.printf(format, "KIND", "NAME", "SOURCE — DESCRIPTION");
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            for (Contribution c : registry.contributions()) {
                if (c.kind().equals(kind)) {
                    out.printf(format, kind.name(), c.name(), c.source() + " — " + registry.description(c));
                }
            }
        }
        out.flush();
        return 0;
    }
}
