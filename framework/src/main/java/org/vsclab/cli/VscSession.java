package org.vsclab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.vsclab.plugin.ComponentRegistry;

/** What every {@code vsc} sub-command may use: the plugins, the console and the global options. */
public interface VscSession {

    /**
     * Returns every plugin: the classpath's and those in the plugin directories (loaded once, on first
     * use; a broken plugin jar fails here with a message naming it).
     */
    ComponentRegistry registry();

    /**
     * Returns the components on the application's classpath only (the framework and the modules in
     * {@code lib/}, trackers included), for commands that read runs and need no plugin: a broken jar in a
     * plugin directory cannot break them.
     */
    ComponentRegistry classpathRegistry();

    /** Returns the plugin directories in use ({@code --plugins-dir}, {@code $VSC_PLUGINS_DIR}, defaults). */
    List<Path> pluginDirectories();

    /** Returns standard output. */
    PrintWriter out();

    /** Returns standard error. */
    PrintWriter err();
}
