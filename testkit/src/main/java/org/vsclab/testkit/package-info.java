/**
 * The conformance kit for plugin authors: {@link org.vsclab.testkit.VariationalFamilyConformance}, an
 * abstract JUnit 5 suite a distribution plugin extends in a few lines, and {@link
 * org.vsclab.testkit.Densities}, reference densities and samplers for its Monte-Carlo KL check.
 */
package org.vsclab.testkit;
