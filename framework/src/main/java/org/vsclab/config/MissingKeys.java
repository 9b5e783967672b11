package org.vsclab.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reports every key a component reads that its plugin's {@code reference.conf} does not declare, in one
 * message, instead of one per run. When a component's factory fails on its first undeclared key, the
 * factory is run once more on {@linkplain Settings#probing probing settings}, which record each
 * undeclared key and answer with a placeholder that passes the accessor's own check, so that the
 * factory reaches the keys after it. (Booleans read as {@code true}, so that the keys of optional
 * blocks such as {@code warmup} are found too.) The probe's product is discarded and anything it
 * throws ends it: the message then lists the keys found up to there.
 */
public final class MissingKeys {

    /**
     * An undeclared key and what the code reading it expected.
     *
     * @param key the full config path
     * @param expected e.g. "a positive number"
     */
    record Key(String key, String expected) {}

    private MissingKeys() {}

    /**
     * Builds a component, turning a missing-key error in its namespace into a list of all of them.
     *
     * @param settings the component's settings (its namespace, e.g. {@code priors.my-prior})
     * @param component what the component is and where it comes from, e.g. {@code prior 'my-prior'
     *     (plugin jar plugins/my-prior.jar)}
     * @param create the factory call
     * @param <T> the product type
     * @return the product
     * @throws ConfigError listing every undeclared key the factory reads, and where they belong
     */
    public static <T> T create(Settings settings, String component, Function<Settings, T> create) {
        try {
            return create.apply(settings);
        } catch (ConfigError first) {
            if (!first.isMissingKey()) {
                throw first;
            }
            List<Key> found = new ArrayList<>();
            try {
                create.apply(settings.probing(found));
            } catch (RuntimeException probeEnded) {
                // The placeholders may not satisfy the factory's own checks; what was found so far stands.
            }
            throw error(settings.prefix(), component, first, found);
        }
    }

    private static ConfigError error(String namespace, String component, ConfigError first, List<Key> found) {
        Map<String, String> keys = new LinkedHashMap<>();   // in the order the factory reads them
        for (Key k : found) {
            keys.putIfAbsent(k.key(), k.expected());
        }
        keys.putIfAbsent(first.key(), first.expected());
        List<String> listed = new ArrayList<>();
        keys.forEach((key, expected) -> listed.add(key + " (" + expected + ")"));
        String where = namespace.isEmpty() ? "" : " under " + namespace + " { ... }";
        return new ConfigError(first.key(), "The " + component + " reads " + (keys.size() == 1 ? "a key" : keys.size() + " keys")
                + " that no reference.conf declares: " + String.join(", ", listed) + ". They belong in that plugin's own"
                + " reference.conf (src/main/resources/reference.conf)" + where + ", each with its default or null;"
                + " an experiment file can only change keys a reference.conf declares (vsc new-plugin writes a complete one).");
    }
}
