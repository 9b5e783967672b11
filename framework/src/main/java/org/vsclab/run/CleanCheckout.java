package org.vsclab.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.plugin.PluginLoader;

/**
 * Whether a run's code is what the commit of its experiment's repository says: tracked files unchanged,
 * and every plugin jar loaded from a plugin directory accounted for — VSC Lab's own (the distribution's
 * {@code plugins/}, identified by {@code vsc.version}) or a file of the repository that git does not
 * report as untracked (tracked, or an ignored build output of the checkout). A jar dropped in from
 * outside the repository ({@code ~/.vsc/plugins}, {@code $VSC_PLUGINS_DIR}) or an untracked jar in it
 * makes the run not a clean checkout, with the jar named; components on the application's classpath
 * ({@code lib/}) belong to the VSC Lab version and do not count.
 */
final class CleanCheckout {

    /** Runs git in a directory and returns its standard output, or empty if it fails. */
    interface Git {
        Optional<String> run(Path directory, String... args);
    }

    private CleanCheckout() {}

    /**
     * Returns why the run is not a clean checkout (nothing when it is).
     *
     * @param repository the top of the experiment's work tree
     * @param trackedStatus {@code git status --porcelain --untracked-files=no} of it
     * @param entries the components the run built
     * @param distributionPlugins the distribution's own plugin folder, if the run uses one
     * @param git how to ask git about a path
     * @return the reasons, one per cause, in build order
     */
    static List<String> reasons(Path repository, String trackedStatus, List<BuildRecord.Entry> entries,
            Optional<Path> distributionPlugins, Git git) {
        List<String> reasons = new ArrayList<>();
        if (!trackedStatus.isBlank()) {
            reasons.add("tracked files have uncommitted changes");
        }
        Path top = repository.toAbsolutePath().normalize();
        Optional<Path> builtIn = distributionPlugins.map(d -> d.toAbsolutePath().normalize());
        Map<Path, String> droppedIn = new LinkedHashMap<>();
        for (BuildRecord.Entry e : entries) {
            if (e.source().startsWith(PluginLoader.PLUGIN_JAR_SOURCE) && e.location().isPresent()) {
                droppedIn.putIfAbsent(e.location().get().toAbsolutePath().normalize(), e.kind() + " '" + e.name() + "'");
            }
        }
        droppedIn.forEach((jar, component) -> {
            if (builtIn.isPresent() && jar.startsWith(builtIn.get())) {
                return;
            }
            if (!jar.startsWith(top)) {
                reasons.add("plugin jar " + jar + " (" + component + ") is outside the repository " + top);
                return;
            }
            String status = git.run(top, "status", "--porcelain", "--untracked-files=all", "--", top.relativize(jar).toString()).orElse("");
            if (status.startsWith("??")) {
                reasons.add("plugin jar " + top.relativize(jar) + " (" + component + ") is not tracked by git");
            }
        });
        return reasons;
    }
}
