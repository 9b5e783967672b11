/**
 * The conformance kit's own test families: a correct Laplace and a correct logistic family (whose KL
 * has no closed form and is a Monte-Carlo estimate), and one family per check of {@link
 * org.vsclab.testkit.VariationalFamilyConformance} with a mistake planted that the check must catch.
 * Each planted base changes one method of a correct one.
 */
package org.vsclab.testkit.planted;
