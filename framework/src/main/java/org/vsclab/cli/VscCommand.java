package org.vsclab.cli;

import java.util.concurrent.Callable;

/**
 * A sub-command contributed by a module: a picocli {@code @Command} class implementing this
 * interface, listed in {@code META-INF/services/org.vsclab.cli.VscCommand} of a jar on the
 * application's classpath (the distribution's {@code lib/}). {@code vsc} finds it at start-up and adds
 * it under the name its {@code @Command} gives. To reach the registry, the console and the plugin
 * directories, declare {@code @ParentCommand Vsc vsc} and call {@code vsc.session()}.
 *
 * <p>A command returns its exit code: 0 on success, {@link Vsc#USAGE} for bad input (after printing
 * one {@code error:} line), {@link Vsc#FAILED} when what it ran failed. Throwing a
 * {@link org.vsclab.config.ConfigError} prints its message as that one line.
 */
public interface VscCommand extends Callable<Integer> {}
