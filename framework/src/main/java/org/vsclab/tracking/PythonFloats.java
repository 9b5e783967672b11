package org.vsclab.tracking;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Formats and parses doubles the way Python does, as MLflow's metric files need: {@link
 * #repr(double)} gives the same text as Python's {@code repr(float)}, {@link #parse(String)} accepts
 * what Python's {@code float()} accepts (which includes Java's own {@code Double.toString} output).
 */
public final class PythonFloats {

    /** Plain decimal syntax (no Java suffixes such as {@code d}, no hex floats). */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    /** Underscores as Python allows them: only between two digits. */
    private static final Pattern UNDERSCORES = Pattern.compile("(?<=[0-9])_(?=[0-9])");

    /**
     * Cached powers of ten, filled on demand. Unsynchronised on purpose: BigInteger is immutable
     * (final fields), so a racing thread at worst computes an entry twice.
     */
    private static final BigInteger[] POW10 = new BigInteger[700];

    private PythonFloats() {}

    /**
     * Formats a double like Python's {@code repr(float)}: the shortest digit string that reads back
     * as the same double (the closest such string when there are several), in fixed notation when
     * the decimal exponent is in [-4, 16) ({@code 0.1}, {@code 100.0}, {@code 0.0001}) and in
     * exponent notation otherwise ({@code 1e-05}, {@code 1.5e-07}, {@code 1e+16}); {@code nan},
     * {@code inf} and {@code -inf} for the special values.
     *
     * @param value the value
     * @return its Python repr
     */
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0.0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        // Strip trailing zeros of the digit string (they carry no information).
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
        digits = digits.substring(0, end);
        String body = (exponent >= -4 && exponent < 16) ? fixed(digits, exponent) : scientific(digits, exponent);
        return value < 0 ? "-" + body : body;
    }

    /**
     * Parses a value as Python's {@code float()} does: decimal notation (including Java's {@code
     * 1.0E-5}), {@code nan}, {@code inf}, {@code infinity} in any case and with an optional sign
     * (so also Java's {@code NaN}, {@code Infinity}, {@code -Infinity}), digits grouped with single
     * underscores, surrounding whitespace.
     *
     * @param text the text
     * @return the value
     * @throws NumberFormatException if Python would reject the text
     */
    public static double parse(String text) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String unsigned = (lower.startsWith("-") || lower.startsWith("+")) ? lower.substring(1) : lower;
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        String plain = s.indexOf('_') >= 0 ? UNDERSCORES.matcher(s).replaceAll("") : s;
        if (!DECIMAL.matcher(plain).matches()) {
            throw new NumberFormatException("not a Python float: '" + text + "'");
        }
        return Double.parseDouble(plain);
    }

    /**
     * Returns the shortest decimal that reads back as {@code value} (finite, > 0); among shortest
     * candidates the closest to the exact value (ties: even last digit), as Python's repr does.
     *
     * <p>The decimals that read back as {@code value} form an interval I around it (bounds halfway
     * to the neighbouring doubles, included when the significand is even). The shortest decimal in
     * I is a multiple C·10<sup>k</sup> with the largest k for which I holds a multiple of
     * 10<sup>k</sup>; since such multiples exist for every smaller k too, k is searched upward from
     * the exponent of Java's {@link Double#toString} digits (which lie in I). Among the multiples in
     * I, the one closest to the value is one of its two neighbours ⌊v/10<sup>k</sup>⌋ and
     * ⌊v/10<sup>k</sup>⌋ + 1. All comparisons are exact integer arithmetic.
     */
    private static BigDecimal shortest(double value) {
        Interval interval = new Interval(value);
        int k = javaDecimalExponent(value);
        while (interval.hasMultipleOf(k + 1)) {
            k++;
        }
        BigInteger floor = interval.floorDiv(k);
        BigInteger ceil = floor.add(BigInteger.ONE);
        boolean floorIn = interval.contains(floor, k);
        boolean ceilIn = interval.contains(ceil, k);
        BigInteger chosen;
        if (floorIn && ceilIn) {
            int cmp = interval.compareDistances(floor, ceil, k);
            chosen = cmp < 0 ? floor : cmp > 0 ? ceil : (floor.testBit(0) ? ceil : floor);
        } else {
            chosen = floorIn ? floor : ceil;
        }
        return new BigDecimal(chosen, -k);
    }

    /** Exponent k of Java's shortest-ish digits: {@code Double.toString(value) = D * 10^k}, D without trailing zeros. */
    private static int javaDecimalExponent(double value) {
        String s = Double.toString(value);
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        int end = mantissa.length();
        while (end > dot + 1 && mantissa.charAt(end - 1) == '0') {
            end--;
        }
        if (end == dot + 1) {
            // integer digits only: strip their trailing zeros too
            int intEnd = dot;
            while (intEnd > 1 && mantissa.charAt(intEnd - 1) == '0') {
                intEnd--;
            }
            return exponent + (dot - intEnd);
        }
        return exponent - (end - dot - 1);
    }

    /**
     * The rounding interval of a positive finite double, in units of 2<sup>e</sup>: the value is
     * {@code 4m}, the bounds {@code 4m - 2} (or {@code 4m - 1} at a power of two, where the gap
     * below is half as wide) and {@code 4m + 2}, inclusive iff m is even.
     */
    private static final class Interval {
        private final BigInteger mid;
        private final BigInteger low;
        private final BigInteger high;
        private final boolean inclusive;
        private final int binaryExponent;

        Interval(double value) {
            long bits = Double.doubleToRawLongBits(value);
            int biased = (int) ((bits >>> 52) & 0x7ff);
            long fraction = bits & 0xfffffffffffffL;
            long m = biased == 0 ? fraction : fraction | (1L << 52);
            int q = biased == 0 ? -1074 : biased - 1075;
            boolean narrowBelow = fraction == 0 && biased > 1;
            mid = BigInteger.valueOf(4 * m);
            low = BigInteger.valueOf(4 * m - (narrowBelow ? 1 : 2));
            high = BigInteger.valueOf(4 * m + 2);
            inclusive = (m & 1) == 0;
            binaryExponent = q - 2;
        }

        /** Scales {@code units * 2^binaryExponent} and {@code c * 10^k} to integers over one denominator. */
        private BigInteger scaledBinary(BigInteger units, int k) {
            BigInteger x = binaryExponent > 0 ? units.shiftLeft(binaryExponent) : units;
            return k < 0 ? x.multiply(pow10(-k)) : x;
        }

        private BigInteger scaledDecimal(BigInteger c, int k) {
            BigInteger x = k > 0 ? c.multiply(pow10(k)) : c;
            return binaryExponent < 0 ? x.shiftLeft(-binaryExponent) : x;
        }

        /** Whether {@code c * 10^k} reads back as the value. */
        boolean contains(BigInteger c, int k) {
            BigInteger x = scaledDecimal(c, k);
            int lo = x.compareTo(scaledBinary(low, k));
            int hi = x.compareTo(scaledBinary(high, k));
            return inclusive ? (lo >= 0 && hi <= 0) : (lo > 0 && hi < 0);
        }

        /** ⌊value / 10^k⌋. */
        BigInteger floorDiv(int k) {
            return scaledBinary(mid, k).divide(scaledDecimal(BigInteger.ONE, k));
        }

        /** Whether some multiple of 10^k reads back as the value. */
        boolean hasMultipleOf(int k) {
            BigInteger floor = floorDiv(k);
            return (floor.signum() > 0 && contains(floor, k)) || contains(floor.add(BigInteger.ONE), k);
        }

        /** Compares the distances of {@code a * 10^k <= value} and {@code b * 10^k >= value} to the value. */
        int compareDistances(BigInteger a, BigInteger b, int k) {
            BigInteger v = scaledBinary(mid, k);
            return v.subtract(scaledDecimal(a, k)).compareTo(scaledDecimal(b, k).subtract(v));
        }
    }

    private static BigInteger pow10(int n) {
        if (n >= POW10.length) {
            return BigInteger.TEN.pow(n);
        }
        BigInteger p = POW10[n];
        if (p == null) {
            p = BigInteger.TEN.pow(n);
            POW10[n] = p;
        }
        return p;
    }

    private static String fixed(String digits, int exponent) {
        StringBuilder sb = new StringBuilder();
        if (exponent < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exponent - 1));
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            sb.append("0".repeat(exponent + 1 - digits.length()));
            sb.append(".0");
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    private static String scientific(String digits, int exponent) {
        StringBuilder sb = new StringBuilder();
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        sb.append(abs);
        return sb.toString();
    }
}
