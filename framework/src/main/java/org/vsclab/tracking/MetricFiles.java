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
     * Reads every well-formed entry of a metric file, in file order, reporting the malformed lines
     * (once per file: how many, and the first) instead of failing; a file that is not UTF-8 is
     * read with its bad bytes replaced, so its other lines still count.
     */
    static List<Entry> readableHistory(Path file, StoreProblems problems) throws IOException {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int bad = 0;
        String first = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                if (bad++ == 0) {
                    first = "line " + (i + 1) + " '" + (line.length() > 60 ? line.substring(0, 60) + "…" : line) + "' ("
                            + e.getMessage() + ")";
                }
            }
        }
        if (bad > 0) {
            problems.add(file, (bad == 1 ? "1 malformed metric line skipped: " : bad + " malformed metric lines skipped, first: ")
                    + first);
        }
        return entries;
    }

    /** The latest of a list of entries by MLflow's rule (see {@link #latest(Path)}). */
    static Optional<Entry> latest(List<Entry> entries) {
        Entry best = null;
        for (Entry entry : entries) {
            if (best == null || entry.isGreaterThan(best)) {
                best = entry;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Returns a metric's latest value by MLflow's rule: the entry with the greatest (step, timestamp,
     * value), the first of equals; empty for an empty file.
     *
     * @throws IOException if the file cannot be read or a line is malformed
     */
    static Optional<Entry> latest(Path file) throws IOException {
        return latest(history(file));
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
