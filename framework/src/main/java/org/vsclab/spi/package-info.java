/**
 * The service-provider interfaces of VSC Lab: the seams a plugin implements.
 *
 * <p>One training step flows through them in this order: a {@link org.vsclab.spi.DataSource} gives a
 * batch; an {@link org.vsclab.spi.Encoder} maps it to the parameter heads a {@link
 * org.vsclab.spi.VariationalFamily} asked for; the family draws J reparameterised codes (joining
 * non-differentiable steps through a {@link org.vsclab.spi.GradientEstimator}) and returns their KL; a
 * {@link org.vsclab.spi.Generator} decodes the codes; a {@link org.vsclab.spi.SampleSelector} weighs
 * the J per-sample losses; a {@link org.vsclab.spi.Tracker} records the run.
 *
 * <p>Everything that takes part in the loss is a DJL {@code NDArray}. Types in this package must not
 * depend on the runtime ({@code org.vsclab.train}, {@code org.vsclab.run}) or on any one plugin.
 */
package org.vsclab.spi;
