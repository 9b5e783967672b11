package org.vsclab.plugins.dnnmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fréchet distance against closed forms: for commuting (diagonal) covariances it is
 * ‖m₁ − m₂‖² + Σ(σ₁ᵢ − σ₂ᵢ)²; for 2 × 2 covariances Tr √A = √(tr A + 2√det A) for A = C₁C₂ (A has two
 * non-negative eigenvalues λ₁, λ₂ and (√λ₁ + √λ₂)² = tr A + 2√det A); and from samples of known
 * Gaussians, within the sampling error.
 */
class FrechetDistanceTest {

    private static INDArray m(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.DOUBLE);
    }

    private static INDArray v(double... values) {
        return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
    }

    @Test
    void diagonalCovariancesGiveTheSumOfSquaredStandardDeviationDifferences() {
        var a = new FrechetDistance.Moments(v(0, 1, 2), m(new double[][] {{4, 0, 0}, {0, 1, 0}, {0, 0, 9}}));
        var b = new FrechetDistance.Moments(v(1, 1, 0), m(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 0.25}}));
        // ‖m₁ − m₂‖² = 1 + 0 + 4 = 5; Σ(σ₁ − σ₂)² = (2 − 1)² + 0 + (3 − 0.5)² = 7.25.
        assertThat(FrechetDistance.between(a, b)).isCloseTo(12.25, within(1e-10));
        assertThat(FrechetDistance.between(a, a)).isCloseTo(0, within(1e-10));
    }

    @Test
    void nonCommutingTwoByTwoCovariancesMatchTheClosedForm() {
        double[][] c1 = {{2, 0.8}, {0.8, 1}};
        double[][] c2 = {{1, -0.3}, {-0.3, 0.5}};
        double[][] p = {
            {c1[0][0] * c2[0][0] + c1[0][1] * c2[1][0], c1[0][0] * c2[0][1] + c1[0][1] * c2[1][1]},
            {c1[1][0] * c2[0][0] + c1[1][1] * c2[1][0], c1[1][0] * c2[0][1] + c1[1][1] * c2[1][1]}};
        double trace = p[0][0] + p[1][1];
        double det = p[0][0] * p[1][1] - p[0][1] * p[1][0];
        double traceRoot = Math.sqrt(trace + 2 * Math.sqrt(det));
        double expected = 0.5 * 0.5 + 2 * 2 + (3 + 1.5) - 2 * traceRoot;   // means (0.5, −2) apart
        var a = new FrechetDistance.Moments(v(0.5, 0), m(c1));
        var b = new FrechetDistance.Moments(v(0, 2), m(c2));
        assertThat(FrechetDistance.between(a, b)).isCloseTo(expected, within(1e-10));
        assertThat(FrechetDistance.between(b, a)).isCloseTo(expected, within(1e-10));
    }

    @Test
    void samplesOfKnownGaussiansGiveTheirDistanceWithinSamplingError() {
        // X ~ N(0, I₄), Y = 2X' + (1, 0, 0, 0) with X' another N(0, I₄) draw: FD = 1 + 4·(2 − 1)² = 5.
        int n = 20_000;
        int d = 4;
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[n * d];
        double[] y = new double[n * d];
        for (int i = 0; i < n * d; i++) {
            x[i] = gaussian(random);
            y[i] = 2 * gaussian(random) + (i % d == 0 ? 1 : 0);
        }
        double fd = FrechetDistance.ofFeatures(FrechetDistance.matrix(x, n, d), FrechetDistance.matrix(y, n, d));
        // A sample standard deviation has relative standard error 1/√(2n) = 0.5 %; ∂FD/∂σ_Y = 2(σ_Y − σ_X) = 2,
        // so each of the 4 terms (σ_Y − σ_X)² has a standard error ≈ 2·√((2·0.005)² + 0.005²) ≈ 0.022, and
        // ‖m̂_X − m̂_Y‖² one of 2·1·√(5/n) ≈ 0.032: about 0.055 in all, so 0.25 is beyond 4σ.
        assertThat(fd).isCloseTo(5.0, within(0.25));
    }

    @Test
    void theMomentsAreTheMeanAndTheUnbiasedCovariance() {
        var moments = FrechetDistance.moments(FrechetDistance.matrix(new double[] {1, 2, 3, 6, 5, 10}, 3, 2));
        assertThat(moments.mean().toDoubleVector()).containsExactly(3, 6);
        // columns (1, 3, 5) and (2, 6, 10): var 4 and 16, covariance 8 (divided by n − 1 = 2)
        assertThat(moments.covariance().toDoubleMatrix()).isDeepEqualTo(new double[][] {{4, 8}, {8, 16}});
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
