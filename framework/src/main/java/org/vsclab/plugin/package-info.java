/**
 * Plugin discovery and the name-keyed component registries.
 *
 * <p>A plugin is a {@link org.vsclab.plugin.VscPlugin} (a Guice module) listed in
 * {@code META-INF/services/org.vsclab.plugin.VscPlugin}, on the classpath or in a jar in a plugins
 * directory. It registers {@link org.vsclab.plugin.ComponentFactory factories} under a {@link
 * org.vsclab.plugin.ComponentKind kind} and a name; the {@link org.vsclab.plugin.ComponentRegistry}
 * collects them, rejects duplicate names (naming both sources) and builds components from config.
 */
package org.vsclab.plugin;
