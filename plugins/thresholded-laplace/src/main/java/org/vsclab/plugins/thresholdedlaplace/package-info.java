/**
 * The thresholded Laplacian family of Fallah &amp; Rozell (ICML 2022): a Laplace(μ, b) posterior
 * passed through the shifted soft threshold, with a Laplace(0, b_p) prior, the closed-form Laplace
 * KL and threshold calibration λ = b_p·ln(1/p), or a learned Gamma threshold. Registered as {@code thresholded-laplacian}; the Laplace math it uses is the framework's {@code LaplaceBase}.
 */
package org.vsclab.plugins.thresholdedlaplace;
