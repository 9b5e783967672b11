/**
 * The thresholded Gaussian: a N(μ, σ²) posterior passed through the shifted soft threshold, with a
 * N(0, s_p) prior and λ fixed, calibrated (λ = √s_p·Φ⁻¹(1 − p/2)) or learned. Registered as
 * {@code thresholded-gaussian}; the Gaussian math it uses is the framework's {@code GaussianBase}.
 */
package org.vsclab.plugins.thresholdedgaussian;
