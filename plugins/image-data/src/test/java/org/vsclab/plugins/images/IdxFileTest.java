package org.vsclab.plugins.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, good and bad: every bad file is one error naming it, quickly and without a large allocation. */
@Timeout(10)
class IdxFileTest {

    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            for (int i = 0; i < dataBytes; i++) {
                out.write(i * 7);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsGzipAndPlainFilesAlike() throws IOException {
        byte[] content = idx(0x803, new int[] {3, 2, 2}, 12);
        IdxFile gz = IdxFile.read(write("a.gz", gzip(content)));
        IdxFile plain = IdxFile.read(write("a", content));
        assertThat(gz.dimensions()).containsExactly(3, 2, 2);
        assertThat(gz.count()).isEqualTo(3);
        assertThat(gz.itemSize()).isEqualTo(4);
        assertThat(gz.data()).containsExactly(plain.data());
        assertThat(gz.data()[5]).isEqualTo((byte) 35);
        assertThat(gz.sha256()).isEqualTo(plain.sha256()).hasSize(64);
    }

    @Test
    void aWrongMagicIsNotAnIdxFile() throws IOException {
        Path file = write("x.gz", gzip(idx(0x0d03, new int[] {1, 1, 1}, 1)));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(ImageDataException.class)
                .hasMessageStartingWith(file + ": not an unsigned-byte IDX file (magic 0x00000d03");
        Path text = write("readme.txt", "hello, world".getBytes());
        assertThatThrownBy(() -> IdxFile.read(text)).hasMessageContaining(text + ": not an unsigned-byte IDX file");
    }

    @Test
    void truncatedDataSaysHowMuchIsMissing() throws IOException {
        Path file = write("t.gz", gzip(idx(0x803, new int[] {10, 28, 28}, 28 * 28 * 3)));
        assertThatThrownBy(() -> IdxFile.read(file))
                .hasMessage(file + ": truncated: the header says 10×28×28 (7840 bytes of data), the file holds 2352;"
                        + " download or install it again");
        Path header = write("h", Arrays.copyOf(idx(0x803, new int[] {10, 28, 28}, 0), 10));
        assertThatThrownBy(() -> IdxFile.read(header)).hasMessageContaining(header + ": truncated: it ends inside the IDX header");
    }

    @Test
    void aCorruptOrCutGzipStreamNamesTheFile() throws IOException {
        byte[] good = gzip(idx(0x803, new int[] {50, 28, 28}, 50 * 28 * 28));
        byte[] garbled = good.clone();
        for (int i = 20; i < 60; i++) {
            garbled[i] ^= (byte) 0x5a;
        }
        Path corrupt = write("c.gz", garbled);
        assertThatThrownBy(() -> IdxFile.read(corrupt)).hasMessageStartingWith(corrupt + ": corrupt gzip stream");
        Path cut = write("cut.gz", Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> IdxFile.read(cut)).hasMessageStartingWith(cut + ": corrupt gzip stream");
    }

    @Test
    void anAbsurdCountIsRefusedBeforeAllocating() throws IOException {
        // 2²⁰ × 28 × 28 ≈ 822 M values in a file of a few dozen bytes: refused from the header alone.
        Path gz = write("big.gz", gzip(idx(0x803, new int[] {1 << 20, 28, 28}, 100)));
        assertThatThrownBy(() -> IdxFile.read(gz)).hasMessageStartingWith(gz + ": corrupt IDX header: it declares 1048576×28×28,"
                + " more values than a ");
        Path plain = write("big", idx(0x803, new int[] {1000, 28, 28}, 100));
        assertThatThrownBy(() -> IdxFile.read(plain)).hasMessageContaining("more values than a 116-byte file can hold");
        Path overflow = write("o", idx(0x803, new int[] {1 << 16, 1 << 16, 1}, 0));
        assertThatThrownBy(() -> IdxFile.read(overflow)).hasMessageContaining("more than 2³¹ values");
    }

    @Test
    void trailingDataAndMissingFilesAreErrors() throws IOException {
        byte[] content = idx(0x801, new int[] {3}, 5);
        Path file = write("l", content);
        assertThatThrownBy(() -> IdxFile.read(file)).hasMessageContaining("has data after the 3 its header declares");
        Path missing = dir.resolve("nope.gz");
        assertThatThrownBy(() -> IdxFile.read(missing)).hasMessage(missing + ": no such file");
    }
}
