package org.vsclab.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unreadable files a catalog met while reading a store: each file once, with the first reason,
 * in the order met. Thread-safe.
 */
final class StoreProblems {

    private static final Logger LOG = LoggerFactory.getLogger(StoreProblems.class);

    private final Map<Path, String> problems = new LinkedHashMap<>();

    /** Records that a file (or folder) could not be read; later reports of the same path are dropped. */
    synchronized void add(Path file, String reason) {
        if (problems.putIfAbsent(file, reason) == null) {
            LOG.debug("Unreadable {}: {}", file, reason);
        }
    }

    /** Returns "path: reason" lines, one per file, in the order met. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        problems.forEach((file, reason) -> lines.add(file + ": " + reason));
        return lines;
    }
}
