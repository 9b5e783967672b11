/**
 * Numerics outside the autodiff graph, computed with ND4J (CPU backend).
 *
 * <p>Training runs in the training engine's own graph; evaluation and reporting that only need
 * plain linear algebra on finished arrays (dictionary recovery scores, similarity matrices, and
 * the like) live here. {@link org.vsclab.numerics.Nd4jMatrices} converts between the framework's
 * {@link org.vsclab.spi.Matrix} and ND4J arrays; everything is computed in double precision.
 */
package org.vsclab.numerics;
