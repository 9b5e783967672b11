package org.vsclab.tracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * MLflow's rules for keys and value lengths (mlflow.md §2.7, §5), shared by the writers: key
 * validation, and shortening of over-long values to a prefix plus a hash.
 */
public final class MlflowLimits {

    /** Longest metric, param or tag key. */
    public static final int MAX_KEY_LENGTH = 250;

    /** Longest param value. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;

    /** Longest run tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;

    /** Longest experiment name. */
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

    /** Characters MLflow allows in keys; {@code \w} is Unicode-aware, as in Python 3. */
    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- ]*$", Pattern.UNICODE_CHARACTER_CLASS);

    /** Number of hex digits of the SHA-256 kept in a shortened value. */
    private static final int HASH_HEX_DIGITS = 16;

    private MlflowLimits() {}

    /**
     * Checks a metric, param or tag key: it must match {@code ^[/\w.\- ]*$}, be at most 250
     * characters, and be its own normal form as a path (not empty, no leading '/', no empty,
     * {@code .} or {@code ..} segments), since it becomes a file path.
     *
     * @param kind "metric", "param" or "tag", for the message
     * @param key the key
     * @throws IllegalArgumentException naming the key if it is invalid
     */
    public static void validateKey(String kind, String key) {
        if (key == null) {
            throw new IllegalArgumentException(kind + " key must not be null");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("Invalid " + kind + " key '" + key + "': longer than "
                    + MAX_KEY_LENGTH + " characters (" + key.length() + ")");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid " + kind + " key '" + key
                    + "': keys may only contain alphanumerics, underscores (_), dashes (-), periods (.),"
                    + " spaces ( ), and slashes (/)");
        }
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("Invalid " + kind + " key '" + key
                    + "': must be a non-empty relative path");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Invalid " + kind + " key '" + key
                        + "': must not contain empty, '.' or '..' path segments");
            }
        }
    }

    /**
     * Shortens a value longer than {@code limit} characters (Unicode code points, as Python counts)
     * to exactly {@code limit}: a prefix, then {@code ...sha256:} and the first 16 hex digits of the
     * SHA-256 of the full value's UTF-8 bytes. Shorter values are returned unchanged.
     *
     * @param value the value
     * @param limit the maximum length
     * @return the value, or its shortened form
     */
    public static String shorten(String value, int limit) {
        if (!isTooLong(value, limit)) {
            return value;
        }
        String suffix = "...sha256:" + sha256Hex(value).substring(0, HASH_HEX_DIGITS);
        int end = value.offsetByCodePoints(0, limit - suffix.length());
        return value.substring(0, end) + suffix;
    }

    /**
     * Tells whether a value exceeds a length limit counted in code points.
     *
     * @param value the value
     * @param limit the maximum length
     * @return true if it must be shortened
     */
    public static boolean isTooLong(String value, int limit) {
        return value.length() > limit && value.codePointCount(0, value.length()) > limit;
    }

    private static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
