/**
 * Image data sources: Fashion-MNIST from its IDX files ({@link org.vsclab.plugins.images.FashionMnist},
 * {@code data.source = fmnist}) and CelebA from a folder of aligned JPEGs ({@code data.source = celeba}),
 * as channels-first images in [0, 1]. Bad files give one message that names the file.
 */
package org.vsclab.plugins.images;
