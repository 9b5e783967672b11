package org.vsclab.io;

/** The element types VSC Lab reads and writes in {@code .npy} files. */
enum NpyDtype {
    /** IEEE 754 single precision, numpy {@code f4}. */
    FLOAT32("float32", "f4", Float.BYTES),
    /** IEEE 754 double precision, numpy {@code f8}. */
    FLOAT64("float64", "f8", Double.BYTES);

    private final String displayName;
    private final String code;
    private final int itemSize;

    NpyDtype(String displayName, String code, int itemSize) {
        this.displayName = displayName;
        this.code = code;
        this.itemSize = itemSize;
    }

    /** Returns numpy's name for the type, e.g. {@code float32}. */
    String displayName() {
        return displayName;
    }

    /** Returns the bytes per element. */
    int itemSize() {
        return itemSize;
    }

    /** Returns the little-endian descriptor numpy writes on x86, e.g. {@code <f4}. */
    String littleEndianDescr() {
        return "<" + code;
    }

    /** Returns the type for a descriptor without its byte-order character, or null if unsupported. */
    static NpyDtype fromCode(String code) {
        for (NpyDtype t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        return null;
    }
}
