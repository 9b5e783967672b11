/**
 * The conformance kit for plugin authors: {@link org.vsclab.testkit.VariationalFamilyConformance}, an
 * abstract JUnit 5 suite a distribution plugin extends in a few lines; {@link
 * org.vsclab.testkit.Densities}, reference log-densities for its Monte-Carlo KL check; and {@link
 * org.vsclab.testkit.GradientPathScan}, the bytecode scan for arithmetic with constants that the
 * suite runs on the plugin's classes.
 */
package org.vsclab.testkit;
