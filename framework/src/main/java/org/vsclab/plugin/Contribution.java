package org.vsclab.plugin;

/**
 * One registered implementation: a factory under a kind and a name, and where it came from.
 *
 * @param kind the component kind
 * @param name the registered name
 * @param factory the factory class (instantiated by Guice)
 * @param source where the registering plugin was found, e.g. {@code plugins/my-prior.jar}
 */
public record Contribution(
        ComponentKind<?> kind, String name, Class<? extends ComponentFactory<?>> factory, String source) {}
