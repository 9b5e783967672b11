package org.vsclab.plugins.metrics.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
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
