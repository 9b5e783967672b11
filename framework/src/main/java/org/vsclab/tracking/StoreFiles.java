package org.vsclab.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** File helpers shared by the writer and the reader: atomic writes, safe relative paths, file URIs. */
final class StoreFiles {

    /** How often a reader retries a file that reads as empty (a concurrent non-atomic write). */
    private static final int EMPTY_READ_RETRIES = 5;

    private static final long EMPTY_READ_WAIT_MILLIS = 20;

    private StoreFiles() {}

    /**
     * Writes a file atomically: a temporary file in {@code tempDir} (same file system), then a move
     * over the target. The target's parent directories are created.
     */
    static void writeAtomically(Path target, byte[] content, Path tempDir) throws IOException {
        Files.createDirectories(target.getParent());
        Files.createDirectories(tempDir);
        Path temp = tempDir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies a file atomically: a temporary copy beside the target, then a move over it. */
    static void copyAtomically(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.getParent().resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.copy(source, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes a string (UTF-8, as given: no newline added) atomically, the temp file beside the target. */
    static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8), target.getParent());
    }

    /** Reads a UTF-8 file; empty if it does not exist. */
    static Optional<String> readString(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a UTF-8 file that is never legitimately empty (a {@code meta.yaml}); empty if it does not
     * exist. A file that reads as empty is retried briefly, since a writer that is not atomic
     * (MLflow's own) may be half-way.
     */
    static Optional<String> readNonEmptyString(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Optional<String> text = readString(file);
            if (text.isEmpty() || !text.get().isEmpty() || attempt >= EMPTY_READ_RETRIES) {
                return text;
            }
            try {
                Thread.sleep(EMPTY_READ_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return text;
            }
        }
    }

    /**
     * Resolves a '/'-separated relative path under a base directory, rejecting anything that could
     * leave it: empty paths, a leading '/', backslashes, and empty, {@code .} or {@code ..} segments.
     *
     * @throws IllegalArgumentException naming the path if it is not safe
     */
    static Path resolveUnder(Path base, String relativePath, String what) {
        if (relativePath == null || relativePath.isEmpty()) {
            throw new IllegalArgumentException(what + " path must not be empty");
        }
        if (relativePath.startsWith("/") || relativePath.indexOf('\\') >= 0 || relativePath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " path '" + relativePath + "' must be a relative '/'-separated path");
        }
        Path resolved = base;
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        what + " path '" + relativePath + "' must not contain empty, '.' or '..' segments");
            }
            resolved = resolved.resolve(segment);
        }
        Path normalizedBase = base.toAbsolutePath().normalize();
        Path normalized = resolved.toAbsolutePath().normalize();
        if (!normalized.startsWith(normalizedBase) || normalized.equals(normalizedBase)) {
            throw new IllegalArgumentException(what + " path '" + relativePath + "' escapes " + base);
        }
        return resolved;
    }

    /**
     * Returns the {@code file://} URI of an absolute path the way Python's {@code Path.as_uri()}
     * (and hence MLflow) spells it: no trailing slash, bytes outside {@code [A-Za-z0-9_.~/-]}
     * percent-encoded.
     */
    static String fileUri(Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        StringBuilder sb = new StringBuilder("file://");
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/';
            if (safe) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes {@code %XX} escapes (as UTF-8); malformed escapes are kept literally. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Converts a {@code file:} URI (as found in {@code artifact_uri}) to a local path, or empty for
     * other schemes and hosts.
     */
    static Optional<Path> localPath(String fileUri) {
        if (fileUri == null || !fileUri.regionMatches(true, 0, "file:", 0, 5)) {
            return Optional.empty();
        }
        String rest = fileUri.substring(5);
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                return Optional.empty();
            }
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(percentDecode(rest)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Wraps an I/O failure for the SPI methods, which do not declare {@link IOException}. */
    static UncheckedIOException unchecked(String action, IOException e) {
        return new UncheckedIOException(action + ": " + e.getMessage(), e);
    }
}
