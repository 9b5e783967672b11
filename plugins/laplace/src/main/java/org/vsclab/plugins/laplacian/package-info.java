/** The plain Laplacian baseline: z = μ + w·b·ε with a Laplace(0, b_p) prior, no exact zeros. Registered as {@code laplacian}. */
package org.vsclab.plugins.laplacian;
