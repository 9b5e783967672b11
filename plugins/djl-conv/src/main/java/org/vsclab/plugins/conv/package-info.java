/**
 * The paper's convolutional encoder and generator for 1×28×28 (Fashion-MNIST) and 3×64×64 (CelebA)
 * images (method.md §12), registered as encoder {@code conv} and generator {@code conv}: batch norm,
 * a sigmoid output, PyTorch's default initialisation ({@link org.vsclab.plugins.conv.PyTorchInit}),
 * and a transposed convolution built on operations DJL 0.36's PyTorch engine supports
 * ({@link org.vsclab.plugins.conv.TransposedConv2d}).
 */
package org.vsclab.plugins.conv;
