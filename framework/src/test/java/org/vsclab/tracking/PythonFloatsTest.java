package org.vsclab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonFloatsTest {

    @ParameterizedTest(name = "repr({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "0.1                 | 0.1",
        "1e-05               | 1e-05",
        "100.0               | 100.0",
        "0.0001              | 0.0001",
        "1e16                | 1e+16",
        "1.5e-07             | 1.5e-07",
        "123456789.0         | 123456789.0",
        "2.5                 | 2.5",
        "-0.0                | -0.0",
        "0.0                 | 0.0",
        "0.3                 | 0.3",
        "1e15                | 1000000000000000.0",
        "9999999999999998.0  | 9999999999999998.0",
        "1e22                | 1e+22",
        "1e-4                | 0.0001",
        "0.00012             | 0.00012",
        "-2.5e-300           | -2.5e-300",
        "1.7976931348623157E308 | 1.7976931348623157e+308",
        "4.9E-324            | 5e-324",
        "2.0E-3              | 0.002",
        "1.0E23              | 1e+23",
        "-123.5              | -123.5",
    })
    void formatsLikePythonRepr(double value, String expected) {
        assertThat(PythonFloats.repr(value)).isEqualTo(expected);
    }

    @Test
    void formatsSpecialValuesAndComputedValues() {
        assertThat(PythonFloats.repr(Double.NaN)).isEqualTo("nan");
        assertThat(PythonFloats.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(PythonFloats.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PythonFloats.repr(1 / 3.0)).isEqualTo("0.3333333333333333");
        assertThat(PythonFloats.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PythonFloats.repr(Math.pow(2, -44))).isEqualTo("5.684341886080802e-14");
    }

    /** Every line of the table was printed by CPython's repr; parsing it gives the exact double. */
    @Test
    void agreesWithCPythonOnATableOfValues() throws Exception {
        Path table = Path.of(getClass().getResource("/golden/python-float-repr.txt").toURI());
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(lines).hasSizeGreaterThan(1000);
        for (String expected : lines) {
            double value = Double.parseDouble(expected);
            assertThat(PythonFloats.repr(value)).as("repr of %s", expected).isEqualTo(expected);
        }
    }

    @Test
    void reprRoundTripsAndIsNeverLongerThanJava() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value)) {
                continue;
            }
            String repr = PythonFloats.repr(value);
            assertThat(PythonFloats.parse(repr)).isEqualTo(value);
            assertThat(significantDigits(repr)).isLessThanOrEqualTo(significantDigits(Double.toString(value)));
        }
    }

    @ParameterizedTest(name = "float(''{0}'') = {1}")
    @CsvSource(delimiter = '|', value = {
        "1e-05      | 1.0E-5",
        "1.0E-5     | 1.0E-5",
        "0.1        | 0.1",
        "100        | 100.0",
        "' 2.5 '    | 2.5",
        "-inf       | -Infinity",
        "inf        | Infinity",
        "+inf       | Infinity",
        "Infinity   | Infinity",
        "-Infinity  | -Infinity",
        "INF        | Infinity",
        "1_000.5    | 1000.5",
        ".5         | 0.5",
        "5.         | 5.0",
    })
    void parsesLikePythonFloat(String text, double expected) {
        assertThat(PythonFloats.parse(text)).isEqualTo(expected);
    }

    @Test
    void parsesNanInPythonAndJavaSpelling() {
        assertThat(PythonFloats.parse("nan")).isNaN();
        assertThat(PythonFloats.parse("NaN")).isNaN();
        assertThat(PythonFloats.parse("-nan")).isNaN();
    }

    @Test
    void rejectsWhatPythonRejects() {
        for (String bad : List.of("", "abc", "1.0d", "0x1p3", "1__0", "_1", "1e", "--1")) {
            assertThatThrownBy(() -> PythonFloats.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    private static int significantDigits(String s) {
        String mantissa = s.toLowerCase().split("e")[0].replace("-", "").replace(".", "");
        mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, mantissa.length());
    }
}
