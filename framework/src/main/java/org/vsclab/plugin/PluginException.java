package org.vsclab.plugin;

/** Plugins could not be loaded: a broken jar, a duplicate name, a factory that cannot be built. */
public final class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the plugin sources involved
     */
    public PluginException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, naming the plugin sources involved
     * @param cause the underlying error
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
