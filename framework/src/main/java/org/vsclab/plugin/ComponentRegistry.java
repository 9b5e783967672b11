package org.vsclab.plugin;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vsclab.config.MissingKeys;
import org.vsclab.config.Settings;

/**
 * Every registered component, by kind and name, with the factories built by Guice. Built once per
 * process by {@link PluginLoader}; read-only afterwards.
 */
public final class ComponentRegistry {

    private final ClassLoader classLoader;
    private final Map<ComponentKind<?>, Map<String, Registered>> byKind = new LinkedHashMap<>();

    /** A contribution with its constructed factory. */
    private record Registered(Contribution contribution, ComponentFactory<?> factory) {}

    /**
     * Builds the registry; fails on duplicate names, naming both sources.
     *
     * @param contributions everything the plugins registered
     * @param injector the injector that constructs factories
     * @param classLoader the loader that sees every plugin (for config resources)
     * @throws PluginException on a duplicate name or a factory Guice cannot build
     */
    ComponentRegistry(Collection<Contribution> contributions, Injector injector, ClassLoader classLoader) {
        this.classLoader = classLoader;
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            byKind.put(kind, new TreeMap<>());
        }
        List<Contribution> sorted = new ArrayList<>(contributions);
        sorted.sort(Comparator.comparing(Contribution::source).thenComparing(Contribution::name));
        for (Contribution c : sorted) {
            Map<String, Registered> names = byKind.computeIfAbsent(c.kind(), k -> new TreeMap<>());
            Registered earlier = names.get(c.name());
            if (earlier != null) {
                throw new PluginException("Duplicate " + c.kind() + " name '" + c.name() + "': registered by "
                        + earlier.contribution().factory().getName() + " from " + earlier.contribution().source()
                        + " and by " + c.factory().getName() + " from " + c.source()
                        + ". Remove one of the two plugins, or rename one of the components.");
            }
            names.put(c.name(), new Registered(c, instantiate(c, injector)));
        }
    }

    private static ComponentFactory<?> instantiate(Contribution c, Injector injector) {
        try {
            if (c.instance().isPresent()) {
                return c.instance().get();
            }
            @SuppressWarnings("unchecked")
            Class<? extends ComponentFactory<?>> type = (Class<? extends ComponentFactory<?>>) c.factory();
            return injector.getInstance(type);
        } catch (ConfigurationException | ProvisionException e) {
            throw new PluginException("Cannot construct " + c.kind() + " '" + c.name() + "' ("
                    + c.factory().getName() + " from " + c.source() + "): " + e.getMessage(), e);
        }
    }

    /** Returns the class loader that sees the classpath and every plugin jar. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Returns every contribution, grouped by kind in {@link ComponentKind#ALL} order, then by name. */
    public List<Contribution> contributions() {
        List<Contribution> all = new ArrayList<>();
        for (Map<String, Registered> names : byKind.values()) {
            names.values().forEach(r -> all.add(r.contribution()));
        }
        return all;
    }

    /**
     * Returns the registered names of a kind, sorted.
     *
     * @param kind the kind
     * @return the names
     */
    public List<String> names(ComponentKind<?> kind) {
        return List.copyOf(byKind.getOrDefault(kind, Map.of()).keySet());
    }

    /**
     * Returns the description of a contribution's factory.
     *
     * @param contribution a contribution of this registry
     * @return its one-line description
     */
    public String description(Contribution contribution) {
        return byKind.get(contribution.kind()).get(contribution.name()).factory().description();
    }

    /**
     * Returns the factory registered under a name.
     *
     * @param kind the kind
     * @param name the name
     * @param selectedBy the config key that named it, for the error message
     * @param <T> the product type
     * @return the factory
     * @throws UnknownComponentException listing the available names
     */
    @SuppressWarnings("unchecked")
    public <T> ComponentFactory<? extends T> factory(ComponentKind<T> kind, String name, String selectedBy) {
        Registered r = byKind.getOrDefault(kind, Map.of()).get(name);
        if (r == null) {
            throw new UnknownComponentException(kind, name, selectedBy, names(kind));
        }
        return (ComponentFactory<? extends T>) r.factory();
    }

    /**
     * Returns the registration of a name.
     *
     * @param kind the kind
     * @param name the name
     * @param selectedBy the config key that named it, for the error message
     * @return where it came from
     * @throws UnknownComponentException listing the available names
     */
    public Contribution contribution(ComponentKind<?> kind, String name, String selectedBy) {
        Registered r = byKind.getOrDefault(kind, Map.of()).get(name);
        if (r == null) {
            throw new UnknownComponentException(kind, name, selectedBy, names(kind));
        }
        return r.contribution();
    }

    /**
     * Builds a component from its settings subtree {@code <namespace>.<name>}.
     *
     * @param kind the kind
     * @param name the registered name
     * @param selectedBy the config key that named it
     * @param context dimensions and access to other components
     * @param <T> the product type
     * @return the component
     */
    public <T> T build(ComponentKind<T> kind, String name, String selectedBy, BuildContext context) {
        ComponentFactory<? extends T> factory = factory(kind, name, selectedBy);
        Settings settings = context.root().at(kind.settingsPath(name));
        String component = kind + " '" + name + "' (" + byKind.get(kind).get(name).contribution().source() + ")";
        T product = MissingKeys.create(settings, component, s -> factory.create(s, context));
        if (!kind.type().isInstance(product)) {
            throw new PluginException(kind + " '" + name + "' built a " + product.getClass().getName()
                    + ", which is not a " + kind.type().getName());
        }
        return product;
    }
}
