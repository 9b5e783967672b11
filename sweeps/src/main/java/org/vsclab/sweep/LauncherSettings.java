package org.vsclab.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.Settings;

/**
 * The {@code launchers { }} settings (the sweeps module's {@code reference.conf} documents each key):
 * read from an experiment's configuration when a sweep is submitted, and later from the sweep's plan
 * with the command line's {@code launchers.*=...} overrides on top (a resumed sweep may need a longer
 * {@code launchers.slurm.time}).
 *
 * @param maxRetries how often {@code vsc sweep resume} re-submits a point that did not finish
 * @param localParallel the local launcher's concurrency
 * @param slurm the Slurm launcher's settings
 */
public record LauncherSettings(int maxRetries, int localParallel, Slurm slurm) {

    /** The config namespace. */
    public static final String NAMESPACE = "launchers";

    /**
     * The Slurm launcher's settings.
     *
     * @param partition {@code --partition}, or empty
     * @param time {@code --time}, or empty
     * @param cpusPerTask {@code --cpus-per-task}
     * @param mem {@code --mem}, or empty
     * @param parallel the array's {@code %N} throttle, 0 for none
     * @param jobName {@code --job-name}, or empty
     * @param directives extra {@code #SBATCH} lines
     * @param setup shell lines run before {@code vsc}
     * @param logDir where the job script and logs go, or empty
     * @param conf {@code SLURM_CONF} for the Slurm commands, or empty
     * @param java the java binary tasks run, or empty
     */
    public record Slurm(Optional<String> partition, Optional<String> time, int cpusPerTask, Optional<String> mem, int parallel,
            Optional<String> jobName, List<String> directives, List<String> setup, Optional<String> logDir,
            Optional<String> conf, Optional<String> java) {

        /** Copies the lists. */
        public Slurm {
            directives = List.copyOf(directives);
            setup = List.copyOf(setup);
        }
    }

    /**
     * Reads the settings of a resolved configuration.
     *
     * @param resolved a resolved configuration with a {@code launchers} block
     * @return the settings
     * @throws ConfigError naming a key with a bad value
     */
    public static LauncherSettings of(Config resolved) {
        Settings l = Settings.of(resolved).at(NAMESPACE);
        Settings s = l.at("slurm");
        return new LauncherSettings(l.integerAtLeast("max-retries", 0), l.integerAtLeast("local.parallel", 1),
                new Slurm(s.optionalString("partition"), s.optionalString("time"), s.integerAtLeast("cpus-per-task", 1),
                        s.optionalString("mem"), s.integerAtLeast("parallel", 0), s.optionalString("job-name"),
                        s.strings("directives"), s.strings("setup"), s.optionalString("log-dir"), s.optionalString("conf"),
                        s.optionalString("java")));
    }

    /**
     * Reads the settings a sweep was created with, with overrides on top.
     *
     * @param loader the loader (its class loader sees the sweeps module's defaults)
     * @param recorded the plan's {@code launchers} block (JSON)
     * @param overrides {@code launchers.<key>=value} overrides
     * @return the settings
     * @throws ConfigError for an override of another key, an unknown key or a bad value
     */
    public static LauncherSettings of(ConfigLoader loader, String recorded, List<String> overrides) {
        List<String> all = new ArrayList<>();
        all.add(NAMESPACE + "=" + recorded);
        for (String o : overrides) {
            if (!o.startsWith(NAMESPACE + ".")) {
                throw new ConfigError(o.contains("=") ? o.substring(0, o.indexOf('=')) : o, "Only launcher settings can be"
                        + " changed for points already planned, not '" + o + "'; give launchers.<key>=value (e.g."
                        + " launchers.slurm.time=08:00:00), or submit a new sweep for other values.");
            }
            all.add(o);
        }
        return of(loader.load(Optional.empty(), all).resolved());
    }

    /** Renders a resolved configuration's {@code launchers} block as JSON, for the plan. */
    static String render(Config resolved) {
        return resolved.hasPath(NAMESPACE) ? resolved.getValue(NAMESPACE).render(ConfigRenderOptions.concise()) : "{}";
    }
}
