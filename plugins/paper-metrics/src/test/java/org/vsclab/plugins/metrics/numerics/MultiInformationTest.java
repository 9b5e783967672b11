package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.spi.Matrix;

class MultiInformationTest {

    private final MultiInformation mi = new MultiInformation(20);

    @Test
    void twoIdenticalFairBinaryColumnsShareOneBit() {
        Matrix codes = new Matrix(4, 2, new double[] {0, 0, 0, 0, 1, 1, 1, 1});
        MultiInformation.Result r = mi.estimate(codes);
        assertThat(r.bits()).isCloseTo(1, within(1e-12));
        assertThat(r.marginalBits()).isCloseTo(2, within(1e-12));
        assertThat(r.jointBits()).isCloseTo(1, within(1e-12));
    }

    @Test
    void independentColumnsShareNothing() {
        // Every combination once: the empirical joint is the product of the marginals.
        Matrix codes = new Matrix(4, 2, new double[] {0, 0, 0, 1.5, 1.5, 0, 1.5, 1.5});
        assertThat(mi.estimate(codes).bits()).isCloseTo(0, within(1e-12));
    }

    @Test
    void exactZeroIsItsOwnSymbolAndTheEndBinsTakeTheTails() {
        assertThat(mi.symbols()).isEqualTo(23);
        assertThat(new MultiInformation(30).symbols()).isEqualTo(33);
        int zero = mi.symbol(0);
        assertThat(mi.symbol(-0.0)).isEqualTo(zero);
        assertThat(mi.symbol(1e-3)).isNotEqualTo(zero).isNotEqualTo(mi.symbol(-1e-3));
        assertThat(mi.symbol(Float.MIN_VALUE)).isNotEqualTo(zero);
        assertThat(mi.symbol(-7)).isEqualTo(0);
        assertThat(mi.symbol(-2)).isEqualTo(1);   // numpy: digitize(-2, edges) = 1
        assertThat(mi.symbol(9)).isEqualTo(22);
        assertThat(mi.symbol(2)).isEqualTo(22);
    }

    @Test
    void theDnnBinningHasThirtyThreeSymbolsAndMatchesNumpy() throws Exception {
        MultiInformation dnn = new MultiInformation(30);
        assertThat(dnn.symbols()).isEqualTo(33);
        // linspace(−2, 2, 30) has step 4/29: the bin edges nearest 0 are ±2/29, then ±1e-50 around zero.
        double step = 4.0 / 29;
        assertThat(dnn.symbol(-2)).isEqualTo(1);
        assertThat(dnn.symbol(-2 + step)).isEqualTo(2);
        assertThat(dnn.symbol(-2 + step - 1e-9)).isEqualTo(1);
        assertThat(dnn.symbol(2)).isEqualTo(32);
        assertThat(dnn.symbol(-1e-3)).isEqualTo(dnn.zeroSymbol() - 1);
        assertThat(dnn.symbol(1e-3)).isEqualTo(dnn.zeroSymbol() + 1);
        Path dir = Path.of(getClass().getResource("/fixtures/mi_codes.npy").toURI()).getParent();
        Matrix codes = Npy.read(dir.resolve("mi_codes.npy")).toMatrix("codes", "codes × latents");
        List<String> lines = Files.readAllLines(dir.resolve("mi_expected_dnn.txt"));
        String[] expected = lines.get(0).trim().split(" ");
        MultiInformation.Result r = dnn.estimate(codes);
        assertThat(r.bits()).isCloseTo(Double.parseDouble(expected[0]), within(1e-9));
        assertThat(r.marginalBits()).isCloseTo(Double.parseDouble(expected[1]), within(1e-9));
        assertThat(r.jointBits()).isCloseTo(Double.parseDouble(expected[2]), within(1e-9));
        // Per column, as many distinct symbols as numpy's digitize gives (33 where the codes span every bin).
        String[] used = lines.get(1).trim().split(" ");
        for (int j = 0; j < codes.cols(); j++) {
            java.util.Set<Integer> symbols = new java.util.HashSet<>();
            for (int i = 0; i < codes.rows(); i++) {
                symbols.add(dnn.symbol(codes.get(i, j)));
            }
            assertThat(symbols).as("column " + j).hasSize(Integer.parseInt(used[j]));
        }
    }

    @Test
    void matchesTheReferencesNumpyComputation() throws Exception {
        Path dir = Path.of(getClass().getResource("/fixtures/mi_codes.npy").toURI()).getParent();
        NpyArray codes = Npy.read(dir.resolve("mi_codes.npy"));
        String[] expected = Files.readString(dir.resolve("mi_expected.txt")).trim().split(" ");
        MultiInformation.Result r = mi.estimate(codes.toMatrix("codes", "codes × latents"));
        assertThat(r.bits()).isCloseTo(Double.parseDouble(expected[0]), within(1e-9));
        assertThat(r.marginalBits()).isCloseTo(Double.parseDouble(expected[1]), within(1e-9));
        assertThat(r.jointBits()).isCloseTo(Double.parseDouble(expected[2]), within(1e-9));
    }
}
