package org.vsclab.tracking;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How far a FileStore run's metric history went at one moment: the length in bytes of every metric
 * file. Cutting a run back to a mark truncates each file to its recorded length and removes files
 * that did not exist then, so values logged after the mark disappear and nothing else changes.
 *
 * <p>Encoded as {@code filestore-history:1|<key>=<bytes>|...}; MLflow metric keys cannot contain
 * {@code |} or {@code =}.
 *
 * @param lengths metric key ('/'-separated) to file length in bytes
 */
record HistoryMark(Map<String, Long> lengths) {

    /** The prefix of an encoded mark, with its format version. */
    static final String PREFIX = "filestore-history:1";

    HistoryMark {
        lengths = Map.copyOf(lengths);
    }

    /** Reads the lengths of every metric file under a run's {@code metrics/} folder. */
    static HistoryMark of(Path metricsDir) throws IOException {
        Map<String, Long> lengths = new TreeMap<>();
        if (Files.isDirectory(metricsDir)) {
            try (Stream<Path> files = Files.walk(metricsDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    lengths.put(key(metricsDir, file), Files.size(file));
                }
            }
        }
        return new HistoryMark(lengths);
    }

    /** Returns the mark as text. */
    String encode() {
        StringBuilder sb = new StringBuilder(PREFIX);
        new TreeMap<>(lengths).forEach((key, length) -> sb.append('|').append(key).append('=').append(length));
        return sb.toString();
    }

    /**
     * Parses a mark.
     *
     * @param text an encoded mark
     * @return the mark
     * @throws IllegalArgumentException if the text is not a FileStore history mark
     */
    static HistoryMark decode(String text) {
        if (text == null || !(text.equals(PREFIX) || text.startsWith(PREFIX + "|"))) {
            throw new IllegalArgumentException("not a FileStore history mark: '" + text + "'");
        }
        Map<String, Long> lengths = new TreeMap<>();
        for (String part : text.substring(PREFIX.length()).split("\\|")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.lastIndexOf('=');
            try {
                lengths.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed entry '" + part + "' in FileStore history mark", e);
            }
        }
        return new HistoryMark(lengths);
    }

    /**
     * Cuts the metric files under {@code metricsDir} back to this mark.
     *
     * @return the keys whose history changed
     */
    List<String> cut(Path metricsDir) throws IOException {
        List<String> changed = new ArrayList<>();
        if (!Files.isDirectory(metricsDir)) {
            return changed;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(metricsDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String key = key(metricsDir, file);
            Long length = lengths.get(key);
            if (length == null) {
                Files.delete(file);
                changed.add(key);
            } else if (Files.size(file) > length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(length);
                    channel.force(true);
                }
                changed.add(key);
            }
        }
        return changed;
    }

    private static String key(Path metricsDir, Path file) {
        return metricsDir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
