/**
 * FISTA as a method of a run (method.md §14): the {@code fista} prior gives each datum the FISTA
 * solution on the generator's current dictionary, and the {@code identity} encoder passes the data to
 * it. Nothing is trained through the loss; the linear dictionary learns from these codes by its own
 * rule. The per-epoch FISTA reference that every method is compared with is a metric (paper-metrics).
 */
package org.vsclab.plugins.fista;
