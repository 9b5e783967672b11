package org.vsclab.kernels;

/**
 * The non-zeros of N code rows of width K, row by row: row r holds {@link #count(int)} entries at
 * {@code [r·K, r·K + count)} of {@link #indices()} (ascending latent indices) and {@link #values()}.
 * Each row has room for K entries, so rows are filled independently (in parallel) and the arrays are
 * reused from one step to the next ({@link #scratch}).
 */
public final class SparseCodes {

    private int rows;
    private int width;
    private int[] counts = new int[0];
    private int[] indices = new int[0];
    private float[] values = new float[0];

    private static final ThreadLocal<SparseCodes> SCRATCH = ThreadLocal.withInitial(SparseCodes::new);

    /**
     * Returns this thread's reusable instance sized for N rows of width K; its previous contents are
     * invalid from here on.
     *
     * @param rows N
     * @param width K
     * @return the instance
     */
    public static SparseCodes scratch(int rows, int width) {
        return SCRATCH.get().resize(rows, width);
    }

    /** Returns a new instance for N rows of width K (for tests and benchmarks). */
    public static SparseCodes of(int rows, int width) {
        return new SparseCodes().resize(rows, width);
    }

    private SparseCodes resize(int rows, int width) {
        int capacity = Math.multiplyExact(rows, width);
        if (indices.length < capacity) {
            indices = new int[capacity];
            values = new float[capacity];
        }
        if (counts.length < rows) {
            counts = new int[rows];
        }
        this.rows = rows;
        this.width = width;
        return this;
    }

    /** Returns N. */
    public int rows() {
        return rows;
    }

    /** Returns K. */
    public int width() {
        return width;
    }

    /** Returns the number of non-zeros of row r. */
    public int count(int row) {
        return counts[row];
    }

    /** Sets the number of non-zeros of row r (after writing its entries). */
    void setCount(int row, int count) {
        counts[row] = count;
    }

    /** Returns the index array (row r's entries start at r·K). */
    public int[] indices() {
        return indices;
    }

    /** Returns the value array (row r's entries start at r·K). */
    public float[] values() {
        return values;
    }

    /** Returns the total number of non-zeros. */
    public long nonZeros() {
        long n = 0;
        for (int r = 0; r < rows; r++) {
            n += counts[r];
        }
        return n;
    }

    /** Returns the fraction of non-zero entries, in [0, 1]. */
    public double density() {
        return rows == 0 || width == 0 ? 0 : nonZeros() / ((double) rows * width);
    }

    /**
     * Fills the rows from dense values (row-major N × K), keeping the entries that are not zero.
     *
     * @param dense the values
     * @return this
     */
    public SparseCodes fill(float[] dense) {
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            int n = 0;
            for (int k = 0; k < width; k++) {
                float v = dense[base + k];
                if (v != 0) {
                    indices[base + n] = k;
                    values[base + n] = v;
                    n++;
                }
            }
            counts[r] = n;
        }
        return this;
    }
}
