/**
 * The {@code vsc} command line (picocli): {@code run}, {@code plugins}, {@code runs}, {@code export}, {@code bench}.
 * Commands parse arguments, call the runtime and print; they hold no logic of their own.
 */
package org.vsclab.cli;
