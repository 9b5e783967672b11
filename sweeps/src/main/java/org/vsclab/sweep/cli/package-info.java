/** The {@code vsc sweep} command (contributed through {@link org.vsclab.cli.VscCommand}) and its tables. */
package org.vsclab.sweep.cli;
