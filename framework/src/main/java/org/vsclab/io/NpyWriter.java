package org.vsclab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Writes arrays as version 1.0, little-endian, C-order {@code .npy} data, exactly as np.save does. */
final class NpyWriter {

    private static final int CHUNK_BYTES = 1 << 20;

    private NpyWriter() {
    }

    /** Fills {@code buf} (little-endian, positioned at 0) with {@code count} elements starting at {@code from}. */
    @FunctionalInterface
    interface ChunkFiller {
        void fill(ByteBuffer buf, int from, int count);
    }

    /** Returns header and data as one byte array. */
    static byte[] toBytes(NpyDtype dtype, long[] shape, int length, ChunkFiller filler) {
        byte[] header = NpyHeader.encode(dtype, shape);
        long total = header.length + (long) length * dtype.itemSize();
        if (total > NpyReader.MAX_ELEMENTS) {
            throw new IllegalArgumentException("an array of shape " + NpyHeader.shapeString(shape) + " needs "
                    + total + " bytes, too many for a byte[]; write it to a file instead");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header);
        filler.fill(out.slice().order(ByteOrder.LITTLE_ENDIAN), 0, length);
        return out.array();
    }

    /** Writes header and data to {@code file}, replacing it if it exists, in chunks of 1 MiB. */
    static void write(Path file, NpyDtype dtype, long[] shape, int length, ChunkFiller filler) throws IOException {
        byte[] header = NpyHeader.encode(dtype, shape);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(out, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = CHUNK_BYTES / dtype.itemSize();
            for (int from = 0; from < length; from += perChunk) {
                int n = Math.min(perChunk, length - from);
                buf.clear();
                filler.fill(buf, from, n);
                buf.position(0).limit(n * dtype.itemSize());
                writeFully(out, buf);
            }
        }
    }

    /** Checks that {@code shape} is valid and holds exactly {@code length} values; returns it as longs. */
    static long[] checkShape(int length, int[] shape) {
        long[] dims = new long[shape.length];
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            dims[i] = shape[i];
            empty |= shape[i] == 0;
        }
        long count = empty ? 0 : 1;
        for (int i = 0; !empty && i < shape.length && count <= length; i++) {
            count *= shape[i]; // stops once past length, so it cannot overflow
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + NpyHeader.shapeString(dims) + " holds " + count
                    + (count > length ? " or more" : "") + " values, but the data has " + length);
        }
        return dims;
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
