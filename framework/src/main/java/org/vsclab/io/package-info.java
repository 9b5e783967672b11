/**
 * File formats that cross the boundary between VSC Lab and the outside world.
 *
 * <ul>
 *   <li>{@link org.vsclab.io.Npy} reads and writes NumPy {@code .npy} files (float32 and float64), so
 *       data sets, ground-truth dictionaries and learned codes can be exchanged with Python.
 *       Problems with a file surface as {@link org.vsclab.io.NpyFormatException}, whose message names
 *       the file and says how to fix it.</li>
 *   <li>{@link org.vsclab.io.AtomGridImage} renders a dictionary's atoms as a PNG tile grid, the
 *       figure the papers show for learned dictionaries.</li>
 * </ul>
 */
package org.vsclab.io;
