package org.vsclab.components;

import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vsclab.spi.Dataset;

/** A data split held in memory as one row-major float32 array. */
public final class InMemoryDataset implements Dataset {

    private final float[] values;
    private final int rows;
    private final int cols;

    /**
     * Wraps values (not copied).
     *
     * @param values row-major, rows × cols
     * @param rows the number of samples
     * @param cols the dimension
     */
    public InMemoryDataset(float[] values, int rows, int cols) {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + "x" + cols + " needs " + ((long) rows * cols) + " values, got " + values.length);
        }
        this.values = values;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public int dimension() {
        return cols;
    }

    @Override
    public void copyRows(int[] indices, FloatBuffer out) {
        for (int index : indices) {
            out.put(values, index * cols, cols);
        }
    }

    /**
     * Builds a data source's provenance tags: its kind, what describes it, and the SHA-256 of both
     * splits' values.
     *
     * @param kind e.g. {@code synthetic}
     * @param details further tags, e.g. the generator's settings or the file paths
     * @param train the training split
     * @param validation the validation split
     * @return the tags, in order
     */
    public static Map<String, String> identity(String kind, Map<String, String> details, InMemoryDataset train,
            InMemoryDataset validation) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("vsc.data.kind", kind);
        id.putAll(details);
        id.put("vsc.data.train.sha256", train.sha256());
        id.put("vsc.data.validation.sha256", validation.sha256());
        return id;
    }

    /** Returns the SHA-256 of the values (little-endian float32 bytes), for provenance. */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[4 * 4096];
            for (int start = 0; start < values.length; start += 4096) {
                int n = Math.min(4096, values.length - start);
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToIntBits(values[start + i]);
                    chunk[4 * i] = (byte) bits;
                    chunk[4 * i + 1] = (byte) (bits >>> 8);
                    chunk[4 * i + 2] = (byte) (bits >>> 16);
                    chunk[4 * i + 3] = (byte) (bits >>> 24);
                }
                digest.update(chunk, 0, 4 * n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
