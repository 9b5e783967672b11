package org.vsclab.config;

/**
 * A configuration problem the user must fix: the message names the key, where it was set and what
 * was expected.
 */
public final class ConfigError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    /** What the code reading an undeclared key expected, or null if this is not a missing-key error. */
    private final String expectedOfMissing;

    /**
     * Creates an error.
     *
     * @param key the full config path at fault
     * @param message the whole user-facing message
     */
    public ConfigError(String key, String message) {
        this(key, message, null, null);
    }

    /**
     * Creates an error with a cause.
     *
     * @param key the full config path at fault
     * @param message the whole user-facing message
     * @param cause the underlying exception
     */
    public ConfigError(String key, String message, Throwable cause) {
        this(key, message, cause, null);
    }

    private ConfigError(String key, String message, Throwable cause, String expectedOfMissing) {
        super(message, cause);
        this.key = key;
        this.expectedOfMissing = expectedOfMissing;
    }

    /**
     * Creates the error of code reading a key that no {@code reference.conf} declares. Users cannot fix
     * it in an experiment file (only declared keys may be set there): the module or plugin that reads
     * the key must declare it.
     *
     * @param key the full config path
     * @param expected what the code expected, e.g. "a positive number"
     * @return the error
     */
    public static ConfigError missingKey(String key, String expected) {
        return new ConfigError(key, "Config key '" + key + "' (" + expected + ") is read but declared in no reference.conf;"
                + " the module or plugin that reads it must declare it there, with its default or null.", null, expected);
    }

    /** Returns the full config path at fault. */
    public String key() {
        return key;
    }

    /** Returns whether this error is about a key that no {@code reference.conf} declares. */
    public boolean isMissingKey() {
        return expectedOfMissing != null;
    }

    /** Returns what the code reading the undeclared key expected; empty text if this is another error. */
    public String expected() {
        return expectedOfMissing == null ? "" : expectedOfMissing;
    }
}
