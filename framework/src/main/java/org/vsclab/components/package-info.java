/**
 * The standard components every installation has, registered by {@link
 * org.vsclab.components.CorePlugin} exactly as a plugin would be: the MLP encoder, the linear
 * dictionary generator, the gradient estimators, the sample selectors, and the synthetic and
 * {@code .npy} data sources. Variational families (priors) are not here: they live in {@code plugins/}.
 */
package org.vsclab.components;
