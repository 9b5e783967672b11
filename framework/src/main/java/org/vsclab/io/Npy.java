package org.vsclab.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vsclab.spi.Matrix;

/**
 * Reading and writing NumPy {@code .npy} files.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 with float32 or float64 data in either byte
 * order ({@code <f4 <f8 >f4 >f8}, and the native-order spellings {@code =f4 |f4 f4} etc.), in C
 * order. Data is converted chunk by chunk from the file into the result array, so reading a file
 * needs about its own size in heap, not more. Any problem is reported as an
 * {@link NpyFormatException} that names the file and says how to fix it.
 *
 * <p>Writing produces version 1.0, little-endian, C-order files whose header is byte for byte what
 * numpy's {@code np.save} writes, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}
 * padded with spaces and a newline so that the data starts at a multiple of 64 bytes. Trailing bytes
 * after the data are ignored on reading, as numpy does.
 */
public final class Npy {

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws NpyFormatException if the file is missing, not a .npy file, or holds an array VSC Lab cannot read
     * @throws IOException if reading fails for another reason
     */
    public static NpyArray read(Path file) throws IOException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new NpyFormatException(source + " does not exist (relative paths are resolved against "
                    + Path.of("").toAbsolutePath() + "); check the path");
        }
        if (Files.isDirectory(file)) {
            throw new NpyFormatException(source + " is a directory, not a .npy file; give the path of the file");
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return new NpyReader(in, in.size(), source).read();
        }
    }

    /**
     * Reads a {@code .npy} image held in memory.
     *
     * @param bytes the complete file contents
     * @param source a name for the bytes, used in messages
     * @return the array
     * @throws NpyFormatException if the bytes are not a .npy array VSC Lab can read
     */
    public static NpyArray read(byte[] bytes, String source) throws NpyFormatException {
        try {
            return new NpyReader(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length, source)
                    .read();
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    /**
     * Writes float32 values as a {@code .npy} file, replacing the file if it exists.
     *
     * @param file the file
     * @param data the values in C (row-major) order
     * @param shape the shape; its product must equal {@code data.length}; no dimensions means a 0-d array
     * @throws IllegalArgumentException if the shape does not fit the data
     * @throws IOException if writing fails
     */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        long[] dims = NpyWriter.checkShape(data.length, shape);
        NpyWriter.write(file, NpyDtype.FLOAT32, dims, data.length, floatFiller(data));
    }

    /**
     * Writes float64 values as a {@code .npy} file, replacing the file if it exists.
     *
     * @param file the file
     * @param data the values in C (row-major) order
     * @param shape the shape; its product must equal {@code data.length}; no dimensions means a 0-d array
     * @throws IllegalArgumentException if the shape does not fit the data
     * @throws IOException if writing fails
     */
    public static void write(Path file, double[] data, int... shape) throws IOException {
        long[] dims = NpyWriter.checkShape(data.length, shape);
        NpyWriter.write(file, NpyDtype.FLOAT64, dims, data.length, doubleFiller(data));
    }

    /**
     * Writes a matrix as a float64 array of shape (rows, cols), replacing the file if it exists.
     *
     * @param file the file
     * @param matrix the matrix
     * @throws IOException if writing fails
     */
    public static void write(Path file, Matrix matrix) throws IOException {
        write(file, matrix.data(), matrix.rows(), matrix.cols());
    }

    /**
     * Returns the {@code .npy} file contents for float32 values, e.g. for a run artifact.
     *
     * @param data the values in C (row-major) order
     * @param shape the shape; its product must equal {@code data.length}
     * @return header and data
     * @throws IllegalArgumentException if the shape does not fit the data, or the result exceeds 2 GB
     */
    public static byte[] toBytes(float[] data, int... shape) {
        long[] dims = NpyWriter.checkShape(data.length, shape);
        return NpyWriter.toBytes(NpyDtype.FLOAT32, dims, data.length, floatFiller(data));
    }

    /**
     * Returns the {@code .npy} file contents for float64 values, e.g. for a run artifact.
     *
     * @param data the values in C (row-major) order
     * @param shape the shape; its product must equal {@code data.length}
     * @return header and data
     * @throws IllegalArgumentException if the shape does not fit the data, or the result exceeds 2 GB
     */
    public static byte[] toBytes(double[] data, int... shape) {
        long[] dims = NpyWriter.checkShape(data.length, shape);
        return NpyWriter.toBytes(NpyDtype.FLOAT64, dims, data.length, doubleFiller(data));
    }

    /**
     * Returns the {@code .npy} file contents for a matrix: float64, shape (rows, cols).
     *
     * @param matrix the matrix
     * @return header and data
     */
    public static byte[] toBytes(Matrix matrix) {
        return toBytes(matrix.data(), matrix.rows(), matrix.cols());
    }

    private static NpyWriter.ChunkFiller floatFiller(float[] data) {
        return (ByteBuffer buf, int from, int count) -> buf.asFloatBuffer().put(data, from, count);
    }

    private static NpyWriter.ChunkFiller doubleFiller(double[] data) {
        return (ByteBuffer buf, int from, int count) -> buf.asDoubleBuffer().put(data, from, count);
    }
}
