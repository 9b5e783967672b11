package org.vsclab.plugin;

import org.vsclab.config.Settings;

/**
 * Builds one kind of component from its settings. Factories are constructed by Guice, so they may
 * {@code @Inject} what they need; they must validate every setting in {@link #create} so that a bad
 * value fails at start-up, before any training.
 *
 * @param <T> the product type
 */
public interface ComponentFactory<T> {

    /** Returns a one-line description for {@code vsc plugins}. */
    String description();

    /**
     * Builds the component.
     *
     * @param settings this implementation's subtree, e.g. {@code priors.thresholded-laplacian}
     * @param context the model's dimensions and access to other components
     * @return the component
     */
    T create(Settings settings, BuildContext context);

    /**
     * Returns a factory from a description and a function, for components whose factory needs no
     * injected dependencies (register it with {@link VscPlugin#register(ComponentKind, String, ComponentFactory)}).
     *
     * @param description the one-line description for {@code vsc plugins}
     * @param create builds the component from its settings and the context
     * @param <T> the product type
     * @return the factory
     */
    static <T> ComponentFactory<T> of(String description, java.util.function.BiFunction<Settings, BuildContext, T> create) {
        java.util.Objects.requireNonNull(description, "description");
        java.util.Objects.requireNonNull(create, "create");
        return new ComponentFactory<>() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public T create(Settings settings, BuildContext context) {
                return create.apply(settings, context);
            }
        };
    }
}
