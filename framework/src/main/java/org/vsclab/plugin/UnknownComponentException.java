package org.vsclab.plugin;

import java.util.Collection;

/** A config named a component no plugin provides; the message lists the available ones. */
public final class UnknownComponentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param kind the kind looked up
     * @param name the unknown name
     * @param selectedBy the config key that named it
     * @param available the names that are registered
     */
    public UnknownComponentException(
            ComponentKind<?> kind, String name, String selectedBy, Collection<String> available) {
        super("Unknown " + kind + " '" + name + "' (" + selectedBy + ")."
                + org.vsclab.config.Suggestions.closest(name, available).map(s -> " Did you mean '" + s + "'?").orElse("")
                + " Available: " + (available.isEmpty() ? "none" : String.join(", ", available))
                + ". Run `vsc plugins` to see where each comes from; a plugin jar goes into a plugins directory.");
    }
}
