package org.vsclab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header of a {@code .npy} file: parsing it as numpy writes it (format versions 1.0–3.0) and
 * producing it byte for byte as numpy's {@code np.save} does (version 1.0).
 */
final class NpyHeader {

    /** The six bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** numpy pads the header so that the data starts at a multiple of this many bytes. */
    static final int ALIGN = 64;

    /** numpy leaves room for the growing axis to reach this many digits (numpy ≥ 1.23). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private final NpyDtype dtype;
    private final ByteOrder byteOrder;
    private final long[] shape;

    private NpyHeader(NpyDtype dtype, ByteOrder byteOrder, long[] shape) {
        this.dtype = dtype;
        this.byteOrder = byteOrder;
        this.shape = shape;
    }

    /** Returns the element type. */
    NpyDtype dtype() {
        return dtype;
    }

    /** Returns the byte order of the data. */
    ByteOrder byteOrder() {
        return byteOrder;
    }

    /** Returns the shape (not copied). */
    long[] shape() {
        return shape;
    }

    /**
     * Parses the header dict and checks that VSC Lab can read the array it describes.
     *
     * @param text the header text between the length field and the data
     * @param source the file name, for messages
     * @throws NpyFormatException if the header is malformed, the dtype unsupported or the order Fortran
     */
    static NpyHeader parse(String text, String source) throws NpyFormatException {
        Map<String, Object> dict;
        try {
            dict = PyLiteral.parseDict(text);
        } catch (IllegalArgumentException e) {
            throw malformed(source, e.getMessage(), text);
        }
        Set<String> missing = new TreeSet<>(KEYS);
        missing.removeAll(dict.keySet());
        if (!missing.isEmpty()) {
            throw malformed(source, "missing key(s) " + missing, text);
        }
        Set<String> extra = new TreeSet<>(dict.keySet());
        extra.removeAll(KEYS);
        if (!extra.isEmpty()) {
            throw malformed(source, "unexpected key(s) " + extra, text);
        }
        long[] shape = parseShape(dict.get("shape"), source, text);
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw malformed(source, "'fortran_order' is not True or False", text);
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            if (descr instanceof List<?> fields) {
                throw unsupportedDtype(source, "(a structured dtype with fields " + fieldNames(fields) + ")");
            }
            throw malformed(source, "'descr' is not a string", text);
        }
        NpyHeader header = forDescr(d, shape, source);
        if (fortran && !layoutIndependent(shape)) {
            throw new NpyFormatException(source + ": the array of shape " + shapeString(shape)
                    + " is stored in Fortran (column-major) order, which VSC Lab does not read. "
                    + "Save it in C order with np.ascontiguousarray(x), "
                    + "e.g. np.save(path, np.ascontiguousarray(x))");
        }
        return header;
    }

    /**
     * Returns the complete header as numpy 1.23+ writes it: magic, version 1.0 (2.0 only if the
     * header would not fit), length, dict, space padding and a newline, ending on a multiple of
     * {@value #ALIGN} bytes.
     */
    static byte[] encode(NpyDtype dtype, long[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(dtype.littleEndianDescr())
                .append("', 'fortran_order': False, 'shape': ").append(shapeString(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        int textAndNewline = text.length + 1;
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int pad = ALIGN - (prefix + textAndNewline) % ALIGN;
        if (textAndNewline + pad > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            pad = ALIGN - (prefix + textAndNewline) % ALIGN;
        }
        ByteBuffer out = ByteBuffer.allocate(prefix + textAndNewline + pad).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) (textAndNewline + pad));
        } else {
            out.putInt(textAndNewline + pad);
        }
        out.put(text);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Formats a shape as Python prints a tuple: {@code (3, 4)}, {@code (5,)} or {@code ()}. */
    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static NpyHeader forDescr(String descr, long[] shape, String source) throws NpyFormatException {
        char first = descr.isEmpty() ? 0 : descr.charAt(0);
        boolean hasOrder = first == '<' || first == '>' || first == '=' || first == '|';
        String code = hasOrder ? descr.substring(1) : descr;
        NpyDtype dtype = NpyDtype.fromCode(code);
        if (dtype == null) {
            String words = describe(code);
            throw unsupportedDtype(source, "'" + descr + "'" + (words == null ? "" : " (" + words + ")"));
        }
        ByteOrder order = switch (first) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
        return new NpyHeader(dtype, order, shape);
    }

    private static long[] parseShape(Object value, String source, String text) throws NpyFormatException {
        if (!(value instanceof List<?> dims)) {
            throw malformed(source, "'shape' is not a tuple", text);
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long n) || n < 0) {
                throw malformed(source, "'shape' entry " + dims.get(i) + " is not a non-negative integer", text);
            }
            shape[i] = n;
        }
        return shape;
    }

    /** True if C and Fortran order store the same bytes, i.e. at most one axis is longer than 1. */
    private static boolean layoutIndependent(long[] shape) {
        int longAxes = 0;
        for (long n : shape) {
            if (n > 1) {
                longAxes++;
            }
        }
        return longAxes <= 1;
    }

    /** Names a numpy type code such as {@code i8} in words ({@code int64}), or returns null. */
    private static String describe(String code) {
        if (code.isEmpty()) {
            return null;
        }
        String size = code.substring(1);
        int bytes;
        try {
            bytes = Integer.parseInt(size);
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        String bits = bytes > 0 ? Integer.toString(bytes * 8) : "";
        return switch (code.charAt(0)) {
            case 'b' -> "bool";
            case 'i' -> "int" + bits;
            case 'u' -> "uint" + bits;
            case 'f' -> "float" + bits;
            case 'c' -> "complex" + bits;
            case 'U' -> "a unicode string type";
            case 'S', 'a' -> "a byte string type";
            case 'O' -> "Python objects";
            case 'M' -> "datetime64";
            case 'm' -> "timedelta64";
            case 'V' -> "raw bytes (void)";
            default -> null;
        };
    }

    /** Lists the field names of a structured descr such as {@code [('a', '<f4'), ('b', '<i4')]}. */
    private static String fieldNames(List<?> fields) {
        StringBuilder sb = new StringBuilder();
        for (Object field : fields) {
            Object name = field instanceof List<?> f && !f.isEmpty() ? f.get(0) : "?";
            sb.append(sb.length() == 0 ? "" : ", ").append(name);
        }
        return sb.toString();
    }

    /** The message for a dtype VSC Lab cannot read; {@code dtype} is already quoted or described. */
    private static NpyFormatException unsupportedDtype(String source, String dtype) {
        return new NpyFormatException(source + ": unsupported dtype " + dtype + "; VSC Lab reads float32 and float64 arrays only. "
                + "Save as float32 or float64, e.g. np.save(path, x.astype(np.float32))");
    }

    private static NpyFormatException malformed(String source, String reason, String text) {
        String shown = text.strip();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "…";
        }
        return new NpyFormatException(source + ": malformed .npy header (" + reason + "): " + shown
                + ". The file is corrupt or was not written by np.save; save the array again with np.save(path, x)");
    }
}
