/**
 * {@code vsc new-plugin}: {@link org.vsclab.scaffold.PluginScaffold} writes a buildable, tested plugin
 * project for a new prior on {@code vsc-plugin-parent}, and {@link org.vsclab.scaffold.NewPluginCommand}
 * contributes it to {@code vsc} as a sub-command.
 */
package org.vsclab.scaffold;
