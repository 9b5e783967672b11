/**
 * Building blocks shared by variational-family plugins: the shifted soft threshold, the gradient
 * estimators that differentiate through it, generic thresholded and dense location-scale families,
 * threshold calibration settings and warm-up ramps.
 *
 * <p>A plugin supplies the distribution-specific part (a {@link org.vsclab.family.LocationScaleBase}:
 * noise, KL, tail probability, calibration); this package supplies everything that would otherwise be
 * copied between plugins. Nothing here knows a particular distribution.
 */
package org.vsclab.family;
