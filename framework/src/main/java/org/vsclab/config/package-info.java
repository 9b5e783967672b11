/**
 * Configuration: layering of every module's {@code reference.conf}, an experiment file and
 * command-line {@code key=value} overrides (Typesafe Config), and typed access that fails with the key,
 * the file and the expected type.
 */
package org.vsclab.config;
