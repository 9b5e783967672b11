package org.vsclab.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings for "the chosen prior", written once for any prior: an experiment's {@code prior { ... }}
 * block (or a {@code prior.x=...} override) is merged into {@code priors.<model.prior> { ... }} at load
 * time, e.g. the quickstart's short warm-up {@code prior.warmup { begin = "5%", end = "30%" }} applies to
 * whichever prior {@code model.prior} names. The resolved configuration, {@code --print-config} and the
 * recorded params show the values under {@code priors.<name>}, where they take effect.
 *
 * <p>A key of the block must be declared by some installed prior: one the chosen prior does not declare
 * but another does (a warm-up for a family without one) is left out with a warning, as a generic file
 * cannot know which family it will meet; one no prior declares is a misspelling, an error with a
 * suggestion.
 */
final class PriorBlock {

    /** The top-level key of the block. */
    static final String KEY = "prior";

    private static final String NAMESPACE = "priors";
    private static final Logger LOG = LoggerFactory.getLogger(PriorBlock.class);

    private final Optional<String> prior;
    private final Set<String> chosenKeys;
    private final Set<String> anyPriorKeys;
    private final Set<String> inapplicable = new LinkedHashSet<>();

    private PriorBlock(Optional<String> prior, Set<String> chosenKeys, Set<String> anyPriorKeys) {
        this.prior = prior;
        this.chosenKeys = chosenKeys;
        this.anyPriorKeys = anyPriorKeys;
    }

    /**
     * Reads which prior a configuration chooses and what each installed prior declares.
     *
     * @param user the experiment file and overrides, unresolved
     * @param reference the merged references, unresolved
     * @param known every key the references declare
     * @return the block's rules for this configuration
     */
    static PriorBlock of(Config user, Config reference, Set<String> known) {
        Optional<String> prior = chosenPrior(user, reference);
        String chosen = prior.map(p -> ConfigUtil.joinPath(NAMESPACE, p) + ".").orElse(null);
        Set<String> chosenKeys = new TreeSet<>();
        Set<String> anyPriorKeys = new TreeSet<>();
        for (String key : known) {
            if (chosen != null && key.startsWith(chosen)) {
                chosenKeys.add(KEY + "." + key.substring(chosen.length()));
            }
            if (key.startsWith(NAMESPACE + ".")) {
                int dot = key.indexOf('.', NAMESPACE.length() + 1);
                if (dot > 0) {
                    anyPriorKeys.add(KEY + key.substring(dot));
                }
            }
        }
        return new PriorBlock(prior, chosenKeys, anyPriorKeys);
    }

    private static Optional<String> chosenPrior(Config user, Config reference) {
        try {
            Config resolved = user.withoutPath(KEY).withFallback(reference).resolve();
            return resolved.hasPath("model.prior") && resolved.getValue("model.prior").valueType() == ConfigValueType.STRING
                    ? Optional.of(resolved.getString("model.prior"))
                    : Optional.empty();
        } catch (ConfigException e) {
            return Optional.empty();   // whoever reads model.prior reports it
        }
    }

    /** Returns {@code prior.x} for every {@code priors.<chosen>.x}: the keys the block may set. */
    Set<String> chosenKeys() {
        return chosenKeys;
    }

    /**
     * Returns whether a user key is a block key to accept as it is, or to leave out with a warning; the
     * rest are unknown keys. A chosen prior that declares no settings at all is most likely a misspelt
     * name: its block keys are left to the builder, whose "Unknown prior" error lists the available ones.
     *
     * @param path a full user key
     * @return true if the key is no unknown-key error
     */
    boolean accepts(String path) {
        if (!path.startsWith(KEY + ".")) {
            return false;
        }
        if (chosenKeys.contains(path) || (prior.isPresent() && chosenKeys.isEmpty())) {
            return true;
        }
        if (prior.isPresent() && anyPriorKeys.contains(path)) {
            inapplicable.add(path);
            return true;
        }
        return false;
    }

    private static Config withoutPathAndEmptyParents(Config config, String path) {
        Config out = config.withoutPath(path);
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            String parent = path.substring(0, dot);
            if (!out.hasPathOrNull(parent) || !(out.getValue(parent) instanceof ConfigObject o) || !o.isEmpty()) {
                break;
            }
            out = out.withoutPath(parent);
        }
        return out;
    }

    /** Explains an unknown {@code prior.x} key. */
    String unknownKeyHint(String path) {
        return prior.map(p -> " Keys under '" + KEY + "' apply to the chosen prior '" + p + "' (model.prior); no installed prior"
                        + " declares '" + path.substring(KEY.length() + 1) + "' (see the chosen prior's keys with --print-config).")
                .orElse(" Keys under '" + KEY + "' apply to the prior model.prior names, and it names none.");
    }

    /**
     * Moves one layer's {@code prior} block under {@code priors.<chosen>}, leaving out (with a warning)
     * the keys the chosen prior does not declare; the layer's own {@code priors.<chosen>} keys win over
     * the block's.
     *
     * @param layer an experiment file or one override, unresolved
     * @return the layer without {@code prior}
     */
    Config apply(Config layer) {
        ConfigValue block = layer.root().get(KEY);
        if (block == null || prior.isEmpty()) {
            return layer;
        }
        if (!(block instanceof ConfigObject)) {
            throw new ConfigError(KEY, "Config key '" + KEY + "'" + Settings.describe(block.origin())
                    + " must be an object { ... } of settings for the chosen prior (model.prior), e.g. prior.warmup { begin = \"5%\" }.");
        }
        Config moved = layer.withOnlyPath(KEY);
        for (String path : inapplicable) {
            if (moved.hasPathOrNull(path)) {
                LOG.warn("{}{} is left out: the chosen prior '{}' has no such setting", path,
                        Settings.describe(moved.getValue(path).origin()), prior.get());
                moved = withoutPathAndEmptyParents(moved, path);
            }
        }
        ConfigValue settings = moved.root().get(KEY);
        Config result = layer.withoutPath(KEY);
        return settings == null ? result
                : result.withFallback(((ConfigObject) settings).atPath(ConfigUtil.joinPath(NAMESPACE, prior.get())));
    }
}
