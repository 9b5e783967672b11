/** The Gaussian VAE baseline: z = μ + σξ with a N(0, s_p) prior, no exact zeros. Registered as {@code gaussian}. */
package org.vsclab.plugins.gaussian;
