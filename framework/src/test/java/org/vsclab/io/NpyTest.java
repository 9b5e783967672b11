package org.vsclab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.Matrix;

class NpyTest {

    @TempDir
    Path dir;

    // ---- round trips --------------------------------------------------------------------------

    @Test
    void float32RoundTripsThroughAFile() throws IOException {
        float[] data = {0f, -0f, 1.5f, -2.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-20f, 3.14159f, -7f};
        Path file = dir.resolve("x.npy");
        Npy.write(file, data, 3, 4);

        NpyArray read = Npy.read(file);

        assertThat(read.dtype()).isEqualTo("float32");
        assertThat(read.shape()).containsExactly(3, 4);
        assertThat(read.rank()).isEqualTo(2);
        assertThat(read.size()).isEqualTo(12);
        assertThat(read.source()).isEqualTo(file.toString());
        // Arrays.equals compares bit patterns, so NaN and -0 must survive exactly.
        assertThat(Arrays.equals(read.toFloats(), data)).isTrue();
        assertThat(read.toDoubles()[3]).isEqualTo(-2.25);
    }

    @Test
    void float64RoundTripsThroughAFile() throws IOException {
        double[] data = randomDoubles(2 * 3 * 5, 1);
        Path file = dir.resolve("y.npy");
        Npy.write(file, data, 2, 3, 5);

        NpyArray read = Npy.read(file);

        assertThat(read.dtype()).isEqualTo("float64");
        assertThat(read.shape()).containsExactly(2, 3, 5);
        assertThat(read.toDoubles()).containsExactly(data);
    }

    @Test
    void float32RoundTripsThroughBytes() throws IOException {
        float[] data = {1f, 2f, 3f, 4f, 5f};
        NpyArray read = Npy.read(Npy.toBytes(data, 5), "artifact");

        assertThat(read.dtype()).isEqualTo("float32");
        assertThat(read.shape()).containsExactly(5);
        assertThat(read.toFloats()).containsExactly(data);
    }

    @Test
    void float64RoundTripsThroughBytes() throws IOException {
        double[] data = randomDoubles(12, 2);
        NpyArray read = Npy.read(Npy.toBytes(data, 4, 3), "artifact");

        assertThat(read.dtype()).isEqualTo("float64");
        assertThat(read.shape()).containsExactly(4, 3);
        assertThat(read.toDoubles()).containsExactly(data);
    }

    @Test
    void fileAndBytesAreIdentical() throws IOException {
        double[] data = randomDoubles(6, 3);
        Path file = dir.resolve("same.npy");
        Npy.write(file, data, 2, 3);
        assertThat(Files.readAllBytes(file)).isEqualTo(Npy.toBytes(data, 2, 3));
    }

    @Test
    void arraysLargerThanOneReadChunkRoundTrip() throws IOException {
        // The reader and writer work in 1 MiB chunks; 300 001 floats span two chunks plus a partial one.
        float[] data = new float[300_001];
        Random random = new Random(4);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() - 0.5f;
        }
        Path file = dir.resolve("big.npy");
        Npy.write(file, data, 300_001);
        assertThat(Files.size(file)).isEqualTo(128 + 4L * data.length);
        // Arrays.equals rather than containsExactly: AssertJ's element-wise report is slow for 300 000 values.
        assertThat(Arrays.equals(Npy.read(file).toFloats(), data)).isTrue();

        double[] doubles = new double[140_001];
        Arrays.setAll(doubles, i -> i * 1e-3);
        Npy.write(file, doubles, 140_001);
        assertThat(Arrays.equals(Npy.read(file).toDoubles(), doubles)).isTrue();
    }

    @Test
    void scalarAndEmptyArraysRoundTrip() throws IOException {
        NpyArray scalar = Npy.read(Npy.toBytes(new double[] {2.5}), "scalar");
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.toDoubles()).containsExactly(2.5);

        NpyArray empty = Npy.read(Npy.toBytes(new float[0], 0, 7), "empty");
        assertThat(empty.shape()).containsExactly(0, 7);
        assertThat(empty.size()).isZero();
    }

    @Test
    void matrixRoundTripsAsFloat64() throws IOException {
        Matrix m = new Matrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        Path file = dir.resolve("m.npy");
        Npy.write(file, m);

        NpyArray read = Npy.read(file);
        assertThat(read.dtype()).isEqualTo("float64");
        assertThat(read.toMatrix("the dictionary", "D × K")).isEqualTo(m);
        assertThat(Npy.toBytes(m)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void float64ConvertsToFloatsAndBack() throws IOException {
        NpyArray read = Npy.read(Npy.toBytes(new double[] {0.1, -3}, 2), "d");
        assertThat(read.toFloats()).containsExactly(0.1f, -3f);
        NpyArray f = Npy.read(Npy.toBytes(new float[] {0.1f}, 1), "f");
        assertThat(f.toDoubles()).containsExactly((double) 0.1f);
    }

    @Test
    void accessorsReturnCopies() throws IOException {
        NpyArray read = Npy.read(Npy.toBytes(new float[] {1, 2}, 2), "copy");
        read.toFloats()[0] = 99;
        read.toDoubles()[0] = 99;
        read.shape()[0] = 99;
        assertThat(read.toFloats()).containsExactly(1, 2);
        assertThat(read.shape()).containsExactly(2);
    }

    @Test
    void writingRejectsAShapeThatDoesNotFitTheData() {
        assertThatThrownBy(() -> Npy.toBytes(new float[10], 3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(3, 4)").hasMessageContaining("12").hasMessageContaining("10");
        assertThatThrownBy(() -> Npy.toBytes(new double[0], 2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Npy.toBytes(new double[3], 3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 0 values");
    }

    // ---- header bytes -------------------------------------------------------------------------

    @Test
    void headerIsByteForByteWhatNumpyWritesForA3x4Float32Array() {
        float[] data = new float[12];
        data[0] = 1f;
        byte[] bytes = Npy.toBytes(data, 3, 4);

        // Hand-built from the format spec and numpy 1.23+'s writer:
        // 6-byte magic, version 1.0, uint16 LE header length, the dict, 20 spaces numpy reserves so the
        // first axis can grow to 21 digits, padding spaces, '\n'; 10 + 118 = 128 = 2 × 64 bytes.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
        assertThat(dict).hasSize(59);
        String headerText = dict + " ".repeat(128 - 10 - 59 - 1) + "\n";
        ByteBuffer expected = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        expected.putShort((short) 118);
        expected.put(headerText.getBytes(StandardCharsets.US_ASCII));

        assertThat(bytes).hasSize(128 + 12 * 4);
        assertThat(Arrays.copyOfRange(bytes, 0, 128)).isEqualTo(expected.array());
        assertThat(bytes[8]).isEqualTo((byte) 0x76); // 118, little-endian
        assertThat(bytes[9]).isEqualTo((byte) 0);
        assertThat(bytes[127]).isEqualTo((byte) '\n');
        assertThat((10 + 118) % 64).isZero();
        // Data: float32 1.0 is 0x3F800000, stored little-endian right after the header.
        assertThat(Arrays.copyOfRange(bytes, 128, 132)).containsExactly(0, 0, (byte) 0x80, 0x3F);
    }

    @Test
    void oneDimensionalShapeIsWrittenWithATrailingComma() {
        String header = headerText(Npy.toBytes(new double[5], 5));
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
        assertThat(header).endsWith(" \n");
    }

    @Test
    void headerThatExactlyFillsABlockGetsAFullBlockOfPadding() {
        // numpy computes padding as 64 - (10 + len + 1) % 64, which is 64 (not 0) when already
        // aligned. For this shape dict (97 chars) + growth room (20) + '\n' + 10 = 128, so numpy
        // pads 64 more spaces: np.save of np.zeros((0,) + (2,)*11 + (10, 10), np.float32) is 192 bytes.
        byte[] bytes = Npy.toBytes(new float[0], 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 10, 10);
        assertThat(bytes).hasSize(192);
        assertThat(bytes[8] & 0xff | (bytes[9] & 0xff) << 8).isEqualTo(182);
        String header = headerText(bytes);
        assertThat(header.strip()).isEqualTo("{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 10, 10), }");
        assertThat(header).endsWith("\n");
    }

    @Test
    void everyWrittenHeaderEndsOnA64ByteBoundary() {
        int[][] shapes = {{}, {7}, {3, 4}, {100000, 784, 0}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0}};
        for (int[] shape : shapes) {
            byte[] bytes = Npy.toBytes(new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)], shape);
            int headerEnd = 10 + (bytes[8] & 0xff | (bytes[9] & 0xff) << 8);
            assertThat(headerEnd % 64).as(Arrays.toString(shape)).isZero();
            assertThat(bytes[headerEnd - 1]).isEqualTo((byte) '\n');
        }
    }

    // ---- hand-built files: other versions and byte orders ---------------------------------------

    @Test
    void readsAVersion2Header() throws IOException {
        double[] values = {1.5, -2, 3.25, 1e300, -0.0, 7};
        byte[] file = handBuilt(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                ByteOrder.LITTLE_ENDIAN, values, 8);
        assertThat(file[6]).isEqualTo((byte) 2);

        NpyArray read = Npy.read(file, "v2.npy");
        assertThat(read.shape()).containsExactly(2, 3);
        assertThat(read.dtype()).isEqualTo("float64");
        assertThat(read.toDoubles()).containsExactly(values);
    }

    @Test
    void readsAVersion3HeaderAsUtf8() throws IOException {
        byte[] file = handBuilt(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                ByteOrder.LITTLE_ENDIAN, new double[] {1, 2, 3}, 4);
        assertThat(Npy.read(file, "v3.npy").toFloats()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void readsBigEndianFloat64() throws IOException {
        double[] values = {Math.PI, -Math.E, 1e-310, 42};
        byte[] file = handBuilt(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }",
                ByteOrder.BIG_ENDIAN, values, 8);
        Path path = dir.resolve("be.npy");
        Files.write(path, file);

        NpyArray read = Npy.read(path);
        assertThat(read.dtype()).isEqualTo("float64");
        assertThat(read.toDoubles()).containsExactly(values);
    }

    @Test
    void readsBigEndianFloat32() throws IOException {
        byte[] file = handBuilt(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                ByteOrder.BIG_ENDIAN, new double[] {0.5, -8}, 4);
        assertThat(Npy.read(file, "be4").toFloats()).containsExactly(0.5f, -8f);
    }

    @Test
    void readsNativeOrderDescriptorsAndPython2Headers() throws IOException {
        for (String descr : new String[] {"=f4", "|f4", "f4"}) {
            byte[] file = handBuilt(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }",
                    ByteOrder.nativeOrder(), new double[] {1, -1}, 4);
            assertThat(Npy.read(file, descr).toFloats()).as(descr).containsExactly(1f, -1f);
        }
        // Python 2's numpy wrote long integers with an L suffix and no trailing ", }".
        byte[] old = handBuilt(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L)}",
                ByteOrder.LITTLE_ENDIAN, new double[] {3, 4}, 8);
        assertThat(Npy.read(old, "py2").shape()).containsExactly(1, 2);
    }

    @Test
    void fortranOrderIsAcceptedWhenTheLayoutIsTheSame() throws IOException {
        // A column vector has the same bytes in C and Fortran order.
        byte[] file = handBuilt(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1), }",
                ByteOrder.LITTLE_ENDIAN, new double[] {1, 2, 3}, 8);
        assertThat(Npy.read(file, "col").toDoubles()).containsExactly(1, 2, 3);
    }

    @Test
    void trailingBytesAfterTheDataAreIgnoredLikeNumpy() throws IOException {
        byte[] one = Npy.toBytes(new float[] {1, 2}, 2);
        byte[] two = Arrays.copyOf(one, one.length * 2);
        System.arraycopy(one, 0, two, one.length, one.length);
        assertThat(Npy.read(two, "appended").toFloats()).containsExactly(1f, 2f);
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void missingFileSaysItDoesNotExist() {
        Path file = dir.resolve("nope.npy");
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " does not exist");
    }

    @Test
    void directoryIsNotAFile() {
        assertThatThrownBy(() -> Npy.read(dir))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("is a directory");
    }

    @Test
    void badMagicSaysItIsNotANpyFile() throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), "1,2,3\n4,5,6\n");
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + " is not a NumPy .npy file")
                .hasMessageContaining("\\x93NUMPY")
                .hasMessageContaining("np.save");
    }

    @Test
    void emptyFileAndZipArchivesGetSpecificHints() throws IOException {
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertThatThrownBy(() -> Npy.read(empty))
                .hasMessageStartingWith(empty + " is not a NumPy .npy file").hasMessageContaining("empty");
        Path npz = Files.write(dir.resolve("arrays.npz"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> Npy.read(npz))
                .hasMessageStartingWith(npz + " is not a NumPy .npy file").hasMessageContaining(".npz");
    }

    @Test
    void integerDtypeIsRejectedWithTheFix() throws IOException {
        Path file = dir.resolve("labels.npy");
        Files.write(file, handBuilt(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }",
                ByteOrder.LITTLE_ENDIAN, new double[0], 8, 32));
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + ": unsupported dtype '<i8' (int64)")
                .hasMessageContaining("Save as float32 or float64, e.g. np.save(path, x.astype(np.float32))");
    }

    @Test
    void structuredDtypeIsRejected() {
        byte[] file = handBuilt(1, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, new double[0], 8, 8);
        assertThatThrownBy(() -> Npy.read(file, "rec.npy"))
                .hasMessageStartingWith("rec.npy: unsupported dtype")
                .hasMessageContaining("structured").hasMessageContaining("a, b")
                .hasMessageContaining("x.astype(np.float32)");
    }

    @Test
    void fortranOrderIsRejectedWithTheFix() throws IOException {
        Path file = dir.resolve("fortran.npy");
        Files.write(file, handBuilt(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }",
                ByteOrder.LITTLE_ENDIAN, new double[12], 4));
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("Fortran")
                .hasMessageContaining("(3, 4)")
                .hasMessageContaining("np.ascontiguousarray(x)");
    }

    @Test
    void rank3IsRejectedWhereAMatrixIsRequired() throws IOException {
        Path file = dir.resolve("cube.npy");
        Npy.write(file, new float[60], 10, 3, 2);
        NpyArray cube = Npy.read(file);

        assertThatThrownBy(() -> cube.requireMatrix("training data"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessage(file + ": training data must be a 2-D array (samples × features), but has shape (10, 3, 2)");
        assertThatThrownBy(() -> cube.toMatrix("the true dictionary", "D × K"))
                .hasMessage(file + ": the true dictionary must be a 2-D array (D × K), but has shape (10, 3, 2)");
        NpyArray vector = Npy.read(Npy.toBytes(new float[3], 3), "v.npy");
        assertThatThrownBy(() -> vector.requireMatrix("codes")).hasMessageEndingWith("has shape (3,)");
    }

    @Test
    void requireMatrixReturnsRowsAndColumns() throws IOException {
        NpyArray.MatrixShape shape = Npy.read(Npy.toBytes(new double[6], 2, 3), "m").requireMatrix("x");
        assertThat(shape.rows()).isEqualTo(2);
        assertThat(shape.cols()).isEqualTo(3);
    }

    @Test
    void truncatedDataReportsExpectedAndActualBytes() throws IOException {
        Path file = dir.resolve("cut.npy");
        Npy.write(file, new float[12], 3, 4);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, 128 + 20));

        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + ": the data is truncated")
                .hasMessageContaining("needs 48 bytes")
                .hasMessageContaining("only 20");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = dir.resolve("stub.npy");
        Files.write(file, Arrays.copyOf(Npy.toBytes(new float[12], 3, 4), 40));
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + ": the .npy header is cut off");
    }

    @Test
    void malformedHeadersAreReported() {
        String[] bad = {
            "{'descr': '<f4', 'shape': (3, 4), }",                                 // missing key
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3, 4), }",         // unknown name
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), ",          // unterminated
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -4), }",        // negative dimension
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (3, 4), }",             // wrong type
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1, }", // extra key
            "['descr', '<f4']",                                                    // not a dict
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } junk",    // trailing text
        };
        for (String header : bad) {
            byte[] file = handBuilt(1, header, ByteOrder.LITTLE_ENDIAN, new double[12], 4);
            assertThatThrownBy(() -> Npy.read(file, "broken.npy"))
                    .as(header)
                    .isInstanceOf(NpyFormatException.class)
                    .hasMessageStartingWith("broken.npy: malformed .npy header");
        }
    }

    @Test
    void unknownFormatVersionIsRejected() {
        byte[] file = Npy.toBytes(new float[1], 1);
        file[6] = 4;
        assertThatThrownBy(() -> Npy.read(file, "future.npy"))
                .hasMessageStartingWith("future.npy: unsupported .npy format version 4.0");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The header text of a version-1 file: everything between the length field and the data. */
    private static String headerText(byte[] npy) {
        int length = npy[8] & 0xff | (npy[9] & 0xff) << 8;
        return new String(npy, 10, length, StandardCharsets.US_ASCII);
    }

    /** Builds a .npy file by hand, independent of the writer under test. */
    private static byte[] handBuilt(int major, String dict, ByteOrder order, double[] values, int itemSize) {
        return handBuilt(major, dict, order, values, itemSize, values.length * itemSize);
    }

    private static byte[] handBuilt(int major, String dict, ByteOrder order, double[] values, int itemSize,
            int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.UTF_8);
        int prefix = major == 1 ? 10 : 12;
        int padded = text.length + 1;
        while ((prefix + padded) % 64 != 0) {
            padded++;
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        b.put(text);
        for (int i = text.length; i < padded - 1; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        b.order(order);
        for (double v : values) {
            if (itemSize == 4) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    private static double[] randomDoubles(int n, long seed) {
        Random random = new Random(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian() * 1e3;
        }
        return out;
    }
}
