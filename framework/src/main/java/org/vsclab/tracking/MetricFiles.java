package org.vsclab.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading MLflow metric files: one {@code <timestamp_ms> <value> [<step>]} line per logged value. */
final class MetricFiles {

    /**
     * One logged metric value.
     *
     * @param timestamp epoch milliseconds
     * @param value the value
     * @param step the step (0 in legacy two-field lines)
     */
    record Entry(long timestamp, double value, long step) {

        /**
         * Python's tuple order on (step, timestamp, value): true if this entry is strictly greater.
         * A NaN value is never greater nor smaller, so among equal (step, timestamp) the first wins.
         */
        boolean isGreaterThan(Entry other) {
            if (step != other.step) {
                return step > other.step;
            }
            if (timestamp != other.timestamp) {
                return timestamp > other.timestamp;
            }
            return value > other.value;
        }
    }

    private MetricFiles() {}

    /**
     * Reads every entry of a metric file, in file order. Blank lines are skipped; an unparsable
     * last line without a newline (a write in progress) is ignored.
     *
     * @throws IOException if the file cannot be read or a line is malformed
     */
    static List<Entry> history(Path file) throws IOException {
        String text = StoreFiles.readString(file).orElse("");
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean unterminated = i == lines.length - 1;
            try {
                entries.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                if (unterminated) {
                    break;
                }
                throw new IOException("malformed metric line " + (i + 1) + " in " + file + ": '" + line + "' ("
                        + e.getMessage() + ")", e);
            }
        }
        return entries;
    }

    /**
     * Returns a metric's latest value by MLflow's rule: the entry with the greatest (step, timestamp,
     * value), the first of equals; empty for an empty file.
     *
     * @throws IOException if the file cannot be read or a line is malformed
     */
    static Optional<Entry> latest(Path file) throws IOException {
        Entry best = null;
        for (Entry entry : history(file)) {
            if (best == null || entry.isGreaterThan(best)) {
                best = entry;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Parses one line: {@code timestamp value step}, or legacy {@code timestamp value} (step 0).
     *
     * @throws IllegalArgumentException if the line is malformed
     */
    static Entry parseLine(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException("expected 2 or 3 fields, got " + parts.length);
        }
        long timestamp = Long.parseLong(parts[0]);
        double value = PythonFloats.parse(parts[1]);
        long step = parts.length == 3 ? Long.parseLong(parts[2]) : 0L;
        return new Entry(timestamp, value, step);
    }
}
