package org.vsclab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads one {@code .npy} array from a channel of known size. The data is converted chunk by chunk
 * straight into the result array, so reading needs the array itself plus one small buffer.
 */
final class NpyReader {

    /** The largest Java array length that is safe on all JVMs. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Headers are a few hundred bytes; anything beyond this is corruption, not a real header. */
    private static final long MAX_HEADER_BYTES = 1 << 24;

    private static final int CHUNK_BYTES = 1 << 20;

    private static final int MAGIC_AND_VERSION = NpyHeader.MAGIC.length + 2;

    private final ReadableByteChannel in;
    private final long size;
    private final String source;

    /**
     * @param in the channel, positioned at the start of the file
     * @param size the number of bytes the channel holds
     * @param source the file name, for messages
     */
    NpyReader(ReadableByteChannel in, long size, String source) {
        this.in = in;
        this.size = size;
        this.source = source;
    }

    /** Reads and checks the header, then the data. */
    NpyArray read() throws IOException {
        ByteBuffer start = readExactly((int) Math.min(size, MAGIC_AND_VERSION));
        checkMagic(start);
        if (start.limit() < MAGIC_AND_VERSION) {
            throw headerCutOff();
        }
        int major = start.get(6) & 0xff;
        int minor = start.get(7) & 0xff;
        if (major < 1 || major > 3) {
            throw new NpyFormatException(source + ": unsupported .npy format version " + major + "." + minor
                    + "; VSC Lab reads versions 1.0, 2.0 and 3.0. Save the array with np.save(path, x)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (size < MAGIC_AND_VERSION + lengthBytes) {
            throw headerCutOff();
        }
        ByteBuffer lengthField = readExactly(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerBytes = major == 1 ? lengthField.getShort(0) & 0xffff : lengthField.getInt(0) & 0xffffffffL;
        long dataOffset = MAGIC_AND_VERSION + lengthBytes + headerBytes;
        if (headerBytes > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source + ": malformed .npy header (it claims to be " + headerBytes
                    + " bytes long). The file is corrupt; save the array again with np.save(path, x)");
        }
        if (dataOffset > size) {
            throw headerCutOff();
        }
        ByteBuffer headerBuffer = readExactly((int) headerBytes);
        String text = new String(headerBuffer.array(), 0, headerBuffer.limit(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(text, source);

        long count = elementCount(header.shape());
        NpyDtype dtype = header.dtype();
        long needed = count * dtype.itemSize();
        if (size - dataOffset < needed) {
            throw truncated(header, needed, dataOffset, size - dataOffset);
        }
        return dtype == NpyDtype.FLOAT32
                ? NpyArray.ofFloats(source, header.shape(), readFloats((int) count, header, dataOffset))
                : NpyArray.ofDoubles(source, header.shape(), readDoubles((int) count, header, dataOffset));
    }

    private float[] readFloats(int count, NpyHeader header, long dataOffset) throws IOException {
        float[] out = new float[count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(header.byteOrder());
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            fill(buf, n * Float.BYTES, header, dataOffset);
            buf.asFloatBuffer().get(out, done, n);
            done += n;
        }
        return out;
    }

    private double[] readDoubles(int count, NpyHeader header, long dataOffset) throws IOException {
        double[] out = new double[count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(header.byteOrder());
        int perChunk = CHUNK_BYTES / Double.BYTES;
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            fill(buf, n * Double.BYTES, header, dataOffset);
            buf.asDoubleBuffer().get(out, done, n);
            done += n;
        }
        return out;
    }

    /** Reads exactly {@code bytes} into {@code buf} and flips it; a short read means the file shrank. */
    private void fill(ByteBuffer buf, int bytes, NpyHeader header, long dataOffset) throws IOException {
        buf.clear().limit(bytes);
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                long needed = product(header.shape()) * header.dtype().itemSize();
                throw truncated(header, needed, dataOffset, -1);
            }
        }
        buf.flip();
    }

    private ByteBuffer readExactly(int bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                throw headerCutOff();
            }
        }
        return buf.flip();
    }

    private void checkMagic(ByteBuffer start) throws NpyFormatException {
        boolean ok = start.limit() >= NpyHeader.MAGIC.length;
        for (int i = 0; ok && i < NpyHeader.MAGIC.length; i++) {
            ok = start.get(i) == NpyHeader.MAGIC[i];
        }
        if (ok) {
            return;
        }
        String hint = "";
        if (start.limit() >= 2 && start.get(0) == 'P' && start.get(1) == 'K') {
            hint = " It looks like a zip archive, e.g. an .npz from np.savez: load it with d = np.load(path)"
                    + " and save each array you need with np.save(name + '.npy', d[name]).";
        }
        throw new NpyFormatException(source + " is not a NumPy .npy file: "
                + (size == 0 ? "it is empty" : "it does not start with the magic bytes \\x93NUMPY")
                + ". Save arrays with np.save(path, x)." + hint);
    }

    /** Returns the product of the shape, saturating at {@code Long.MAX_VALUE}. */
    private static long product(long[] shape) {
        for (long n : shape) {
            if (n == 0) {
                return 0;
            }
        }
        long count = 1;
        for (long n : shape) {
            try {
                count = Math.multiplyExact(count, n);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    private long elementCount(long[] shape) throws NpyFormatException {
        long count = product(shape);
        if (count > MAX_ELEMENTS) {
            throw new NpyFormatException(source + ": the array of shape " + NpyHeader.shapeString(shape)
                    + " has " + count + " elements, more than one Java array can hold (" + MAX_ELEMENTS
                    + "). Split it into several files, e.g. with np.array_split");
        }
        return count;
    }

    private NpyFormatException headerCutOff() {
        return new NpyFormatException(source + ": the .npy header is cut off (the file has only " + size
                + " bytes). The file is truncated; copy it or save it again with np.save(path, x)");
    }

    private NpyFormatException truncated(NpyHeader header, long needed, long dataOffset, long available) {
        return new NpyFormatException(source + ": the data is truncated: a " + header.dtype().displayName()
                + " array of shape " + NpyHeader.shapeString(header.shape()) + " needs " + needed
                + " bytes after the " + dataOffset + "-byte header, but the file has "
                + (available >= 0 ? "only " + available : "fewer (it shrank while being read)")
                + ". It was probably cut off while copying or saving; copy it or save it again");
    }
}
