package org.vsclab.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

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
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(kind + " name must be kebab-case: '" + name + "'");
        }
        @SuppressWarnings("unchecked")
        Class<? extends ComponentFactory<?>> erased = (Class<? extends ComponentFactory<?>>) factory;
        Multibinder.newSetBinder(binder(), Contribution.class)
                .addBinding()
                .toInstance(new Contribution(kind, name, erased, source));
    }

    /**
     * Sets where this plugin was found; called by the loader before Guice configures the module.
     *
     * @param source a short description such as {@code plugins/my-prior.jar}
     */
    final void setSource(String source) {
        this.source = source;
    }
}
