package org.vsclab.plugin;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered implementation: a factory under a kind and a name, and where it came from.
 *
 * @param kind the component kind
 * @param name the registered name
 * @param factory the factory class (instantiated by Guice unless {@code instance} is given)
 * @param instance the factory itself, when the plugin registered an instance
 * @param source where the registering plugin was found, e.g. {@code plugin jar plugins/my-prior.jar}
 * @param location the jar (or classes folder) the plugin was loaded from, when known
 */
public record Contribution(
        ComponentKind<?> kind, String name, Class<?> factory, Optional<ComponentFactory<?>> instance, String source,
        Optional<Path> location) {

    /** Validates. */
    public Contribution {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
    }
}
