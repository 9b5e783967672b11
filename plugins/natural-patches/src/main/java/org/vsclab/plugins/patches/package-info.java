/**
 * The {@code patches} data source: natural-image patches for the paper's linear study (method.md
 * §15.1). Images come from Debian's scikit-image photographs (the default, installed by ./install),
 * any folder of PNG/JPEG photographs, or Olshausen's {@code IMAGES.mat}; they are whitened with the
 * Olshausen–Field filter, numbered as patch positions, split by image or by patch, standardised per
 * pixel from streaming statistics, and only the selected patches are materialised.
 */
package org.vsclab.plugins.patches;
