package org.vsclab.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The buffered writer of one metric file. Lines are kept in memory and appended to the file in one
 * write per flush, so a concurrent reader never sees a partial line.
 */
final class MetricFileWriter implements Closeable {

    private final Path file;
    private final StringBuilder pending = new StringBuilder();
    private OutputStream out;

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

    /** Appends the buffered lines to the file (creating it and its folders on first use). */
    void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        }
        out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        pending.setLength(0);
    }

    /** Flushes and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }
}
