package org.vsclab.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic identities of sweep points. A point's id is a hash of what it computes: its fully
 * resolved configuration, every default and substitution resolved, in a canonical form (sorted keys,
 * concise JSON), so the key order and spelling of the files and whether a value came from the file,
 * a default or an override do not matter, and editing a preset an override names
 * ({@code method=${methods.fista}}) makes a new point. What does not change the result is left out:
 * where the run is recorded ({@code tracking}), how it is launched ({@code launchers}), the grid
 * ({@code sweep}) and the run's display name ({@code run-name}). A point's group — the points that
 * differ from it only in their seed — is a hash of the base configuration (the file with the
 * command-line overrides) and the resolved values of the point's overrides other than the seed
 * (values derived from the seed, such as a run name "x-seed1", would otherwise split it).
 */
final class PointIds {

    /** Keys that say where and how a point runs, not what it computes. */
    static final List<String> IGNORED = List.of(SweepGrid.SWEEP, "tracking", "launchers", "run-name");

    /** Hex digits of the SHA-256 kept in an id. */
    private static final int HEX_DIGITS = 16;

    private PointIds() {}

    /**
     * Returns the canonical text of a resolved configuration: sorted keys, concise JSON, without the
     * ignored keys.
     *
     * @param resolved the resolved configuration
     * @return the text
     */
    static String canonical(Config resolved) {
        Config c = resolved;
        for (String ns : IGNORED) {
            c = c.withoutPath(ns);
        }
        return c.root().render(ConfigRenderOptions.concise());
    }

    /**
     * Returns a point's id.
     *
     * @param point the point's resolved configuration
     * @return 16 hex digits
     */
    static String pointId(Config point) {
        return hash(canonical(point));
    }

    /**
     * Returns the id of a point's group.
     *
     * @param canonicalBase the base's canonical text ({@link #canonical})
     * @param point the point's resolved configuration
     * @param overrides the point's overrides ({@code key=value})
     * @return 16 hex digits
     */
    static String groupId(String canonicalBase, Config point, List<String> overrides) {
        Map<String, String> resolved = new TreeMap<>();
        for (String override : overrides) {
            String key = key(override);
            if (key.equals(SweepGrid.SEED)) {
                continue;
            }
            resolved.put(key, point.hasPathOrNull(key) && !point.getIsNull(key)
                    ? point.getValue(key).render(ConfigRenderOptions.concise()) : "null");
        }
        StringBuilder text = new StringBuilder(canonicalBase);
        resolved.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        return hash(text.toString());
    }

    /** Returns the key of a {@code key=value} override. */
    static String key(String override) {
        return override.substring(0, override.indexOf('=')).trim();
    }

    /** Returns the first 16 hex digits of the SHA-256 of a text's UTF-8 bytes. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
