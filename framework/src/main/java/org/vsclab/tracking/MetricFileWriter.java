package org.vsclab.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The buffered writer of one metric file. Lines are kept in memory and appended to the file in one
 * write per flush, so a concurrent reader never sees a partial line; a durable flush also forces
 * them to the disk ({@code fsync}), so they survive a power loss, not only a killed process.
 */
final class MetricFileWriter implements Closeable {

    private final Path file;
    private final StringBuilder pending = new StringBuilder();
    private FileChannel out;
    private boolean unforced;

    MetricFileWriter(Path file) {
        this.file = file;
    }

    /** Buffers one {@code <timestamp_ms> <value> <step>} line. */
    void append(long timestampMillis, double value, long step) {
        pending.append(timestampMillis).append(' ').append(PythonFloats.repr(value)).append(' ').append(step)
                .append('\n');
    }

    /** Returns how many characters are buffered. */
    int pendingChars() {
        return pending.length();
    }

    /**
     * Appends the buffered lines to the file (creating it and its folders on first use). On failure
     * (a full disk) the lines stay buffered, and a partial write is cut off again, so the file holds
     * whole lines only.
     *
     * @param durable also force the file's content to the disk
     */
    void flush(boolean durable) throws IOException {
        if (pending.length() > 0) {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                out.position(out.size());
            }
            long start = out.position();
            ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                try {
                    out.truncate(start);
                    out.position(start);
                } catch (IOException ignored) {
                    e.addSuppressed(ignored);
                }
                throw e;
            }
            pending.setLength(0);
            unforced = true;
        }
        if (durable && unforced && out != null) {
            out.force(false);
            unforced = false;
        }
    }

    /** Flushes durably and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            flush(true);
        } finally {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }
}
