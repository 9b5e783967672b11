package org.vsclab.plugins.images;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One unsigned-byte IDX file (the MNIST format: big-endian magic 0x0000080N with N dimensions, then N
 * big-endian sizes, then the bytes in C order), read directly from its {@code .gz} or uncompressed.
 *
 * <p>Never hangs or runs out of memory on a bad file: the header's element count is checked against
 * what the file can hold before anything is allocated (its size, or for a gzip stream its size times
 * deflate's maximal expansion ratio of 1032), and a short or corrupt stream is an error that names
 * the file. The SHA-256 of the decompressed bytes is computed while reading, for provenance and checks.
 *
 * @param file where it was read from
 * @param dimensions the sizes, e.g. (60000, 28, 28)
 * @param data the values, C order
 * @param sha256 SHA-256 of the decompressed file, lower-case hex
 */
public record IdxFile(Path file, int[] dimensions, byte[] data, String sha256) {

    /** Deflate cannot expand data by more than this factor (zlib's documented limit, 1032:1). */
    private static final long MAX_GZIP_EXPANSION = 1032;

    /** The type code of unsigned bytes, the only one these data sets use. */
    private static final int UNSIGNED_BYTE = 0x08;

    /**
     * Reads a file; gzip is recognised by its magic bytes, whatever the name.
     *
     * @param file the file
     * @return its contents
     * @throws ImageDataException naming the file: missing, not IDX, corrupt, truncated, or an impossible header
     */
    public static IdxFile read(Path file) throws ImageDataException {
        long size;
        boolean gzip;
        try {
            size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(2);
                gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            }
        } catch (NoSuchFileException e) {
            throw new ImageDataException(file + ": no such file");
        } catch (IOException e) {
            throw new ImageDataException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        MessageDigest digest = newDigest();
        try (InputStream raw = Files.newInputStream(file);
                InputStream decoded = gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16) : new BufferedInputStream(raw, 1 << 16);
                DataInputStream in = new DataInputStream(new DigestInputStream(decoded, digest))) {
            int magic = readHeaderInt(in, file);
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || rank < 1 || rank > 4) {
                throw new ImageDataException(file + ": not an unsigned-byte IDX file (magic 0x" + String.format("%08x", magic)
                        + ", expected 0x00000801 to 0x00000804)" + (gzip ? "" : "; if it is compressed, it is not gzip"));
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = readHeaderInt(in, file);
                if (dims[i] < 0) {
                    throw new ImageDataException(file + ": corrupt IDX header (dimension " + i + " is " + Integer.toUnsignedString(dims[i]) + ")");
                }
                count *= dims[i];
                if (count > Integer.MAX_VALUE - 8) {
                    throw impossible(file, dims, "more than 2³¹ values");
                }
            }
            long header = 4L + 4L * rank;
            long capacity = gzip ? size * MAX_GZIP_EXPANSION : size - header;
            if (count > capacity) {
                throw impossible(file, dims, "more values than a " + size + "-byte " + (gzip ? "gzip " : "") + "file can hold");
            }
            byte[] data = new byte[(int) count];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new ImageDataException(file + ": truncated: the header says " + describe(dims) + " (" + count
                        + " bytes of data), the file holds " + read + "; download or install it again");
            }
            if (in.read() >= 0) {
                throw new ImageDataException(file + ": has data after the " + describe(dims) + " its header declares; the file is corrupt");
            }
            return new IdxFile(file, dims, data, HexFormat.of().formatHex(digest.digest()));
        } catch (ImageDataException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw new ImageDataException(file + ": corrupt gzip stream (" + e.getMessage() + "); download or install it again", e);
        } catch (IOException e) {
            throw new ImageDataException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new ImageDataException(file + ": truncated: it ends inside the IDX header; download or install it again");
        }
    }

    private static ImageDataException impossible(Path file, int[] dims, String why) {
        return new ImageDataException(file + ": corrupt IDX header: it declares " + describe(dims) + ", " + why);
    }

    private static String describe(int[] dims) {
        return String.join("×", Arrays.stream(dims).mapToObj(Integer::toString).toList());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Returns the number of items (the first dimension). */
    public int count() {
        return dimensions[0];
    }

    /** Returns the number of values per item (the product of the other dimensions). */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dimensions.length; i++) {
            n *= dimensions[i];
        }
        return n;
    }
}
