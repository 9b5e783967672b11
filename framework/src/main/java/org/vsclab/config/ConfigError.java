package org.vsclab.config;

/**
 * A configuration problem the user must fix: the message names the key, where it was set and what
 * was expected.
 */
public final class ConfigError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates an error.
     *
     * @param key the full config path at fault
     * @param message the whole user-facing message
     */
    public ConfigError(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * Creates an error with a cause.
     *
     * @param key the full config path at fault
     * @param message the whole user-facing message
     * @param cause the underlying exception
     */
    public ConfigError(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** Returns the full config path at fault. */
    public String key() {
        return key;
    }
}
