package org.vsclab.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Base class of every plugin: a Guice module that registers component factories by kind and name.
 *
 * <p>To ship a plugin, subclass this with a public no-argument constructor, call {@link #register}
 * in {@link #configure()}, list the class in {@code META-INF/services/org.vsclab.plugin.VscPlugin},
 * put the plugin's defaults under its own namespace in its {@code reference.conf}, and drop the jar
 * into a plugins directory. No framework change is needed.
 *
 * <pre>{@code
 * public final class MyPlugin extends VscPlugin {
 *     protected void configure() {
 *         register(ComponentKind.PRIOR, "my-prior", MyPriorFactory.class);
 *     }
 * }
 * }</pre>
 */
public abstract class VscPlugin extends AbstractModule {

    private String source = "unknown";
    private Optional<Path> location = Optional.empty();

    /**
     * Registers a factory.
     *
     * @param kind the component kind
     * @param name the name users pick it by; kebab-case, unique within the kind
     * @param factory the factory class; Guice constructs it
     * @param <T> the product type
     */
    protected final <T> void register(
            ComponentKind<T> kind, String name, Class<? extends ComponentFactory<? extends T>> factory) {
        add(new Contribution(kind, name, factory, Optional.empty(), source, location));
    }

    /**
     * Registers a factory instance, e.g. one made with {@link ComponentFactory#of}, for components
     * whose factory needs nothing injected.
     *
     * @param kind the component kind
     * @param name the name users pick it by; kebab-case, unique within the kind
     * @param factory the factory
     * @param <T> the product type
     */
    protected final <T> void register(ComponentKind<T> kind, String name, ComponentFactory<? extends T> factory) {
        add(new Contribution(kind, name, factory.getClass(), Optional.of(factory), source, location));
    }

    private void add(Contribution contribution) {
        if (!contribution.name().matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(contribution.kind() + " name must be kebab-case: '" + contribution.name() + "'");
        }
        Multibinder.newSetBinder(binder(), Contribution.class).addBinding().toInstance(contribution);
    }

    /**
     * Sets where this plugin was found; called by the loader before Guice configures the module.
     *
     * @param source a short description such as {@code plugin jar plugins/my-prior.jar}
     * @param location the jar or classes folder it was loaded from, when known
     */
    final void setOrigin(String source, Optional<Path> location) {
        this.source = source;
        this.location = location;
    }
}
