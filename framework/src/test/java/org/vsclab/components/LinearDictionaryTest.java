package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.GeneratorStep;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.TrainingClock;
import org.vsclab.testing.TestEngine;

/** The linear generator: decoding and the paper's dictionary update (method.md §13), against plain Java arithmetic. */
class LinearDictionaryTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(3);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void initialAtomsHaveUnitNorm() {
        Matrix phi = new LinearDictionary(manager, 6, 10, 0.5, 0.99, 1e-4, false).dictionary().orElseThrow();
        for (int c = 0; c < phi.cols(); c++) {
            assertThat(phi.columnNorm(c)).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void decodeIsPhiTimesCodesBeforeAndAfterAnUpdate() {
        int d = 5;
        int k = 7;
        LinearDictionary dictionary = new LinearDictionary(manager, d, k, 0.5, 0.99, 1e-4, false);
        NDArray codes = manager.randomNormal(new Shape(3, 2, k));
        assertDecodeMatches(dictionary, codes);
        NDArray x = manager.randomNormal(new Shape(3, d));
        dictionary.update(new GeneratorStep(x, codes, dictionary.decode(codes, true), manager.ones(new Shape(3, 2)).div(2),
                java.util.Optional.empty(), new TrainingClock(0, 10, 0)));
        assertDecodeMatches(dictionary, codes);
    }

    private static void assertDecodeMatches(LinearDictionary dictionary, NDArray codes) {
        Matrix phi = dictionary.dictionary().orElseThrow();
        float[] z = codes.toFloatArray();
        float[] decoded = dictionary.decode(codes, true).toFloatArray();
        int k = phi.cols();
        int d = phi.rows();
        for (int row = 0; row < z.length / k; row++) {
            for (int i = 0; i < d; i++) {
                double expected = 0;
                for (int j = 0; j < k; j++) {
                    expected += phi.get(i, j) * z[row * k + j];
                }
                assertThat((double) decoded[row * d + i]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void updateFollowsThePapersRuleWithWeightsDecayAndPenalty() {
        int b = 4;
        int j = 3;
        int d = 5;
        int k = 6;
        double lr = 0.5;
        double decay = 0.9;
        double rho = 1e-2;
        int epoch = 2;
        LinearDictionary dictionary = new LinearDictionary(manager, d, k, lr, decay, rho, false);
        Matrix before = dictionary.dictionary().orElseThrow();
        NDArray x = manager.randomNormal(new Shape(b, d));
        NDArray codes = manager.randomNormal(new Shape(b, j, k));
        NDArray recon = dictionary.decode(codes, true);
        NDArray weights = manager.randomUniform(0f, 1f, new Shape(b, j));
        weights = weights.div(weights.sum(new int[] {1}, true));
        dictionary.update(new GeneratorStep(x, codes, recon, weights, java.util.Optional.empty(), new TrainingClock(17, 100, epoch)));
        Matrix after = dictionary.dictionary().orElseThrow();

        float[] xs = x.toFloatArray();
        float[] zs = codes.toFloatArray();
        float[] rs = recon.toFloatArray();
        float[] ws = weights.toFloatArray();
        double eta = lr * Math.pow(decay, epoch);
        for (int row = 0; row < d; row++) {
            for (int col = 0; col < k; col++) {
                double g = 0;
                for (int bi = 0; bi < b; bi++) {
                    for (int ji = 0; ji < j; ji++) {
                        double residual = xs[bi * d + row] - rs[(bi * j + ji) * d + row];
                        g += ws[bi * j + ji] * residual * zs[(bi * j + ji) * k + col];
                    }
                }
                g = g / b - 2 * rho * before.get(row, col);
                assertThat(after.get(row, col)).isCloseTo(before.get(row, col) + eta * g, within(1e-5));
            }
        }
    }

    @Test
    void theSelectedSampleUpdateEqualsTheWeightedOneForOneHotWeights() {
        int b = 5;
        int j = 4;
        LinearDictionary weighted = new LinearDictionary(manager, 6, 7, 0.5, 0.99, 1e-3, false);
        Matrix start = weighted.dictionary().orElseThrow();
        LinearDictionary selected = new LinearDictionary(manager, 6, 7, 0.5, 0.99, 1e-3, false);
        manager.create(start.data(), new Shape(6, 7)).copyTo(selected.state().get(0).value());
        NDArray x = manager.randomNormal(new Shape(b, 6));
        NDArray codes = manager.randomNormal(new Shape(b, j, 7));
        NDArray recon = weighted.decode(codes, true);
        NDArray weights = manager.randomUniform(0f, 1f, new Shape(b, j)).argMax(1).oneHot(j).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray selectedCodes = codes.mul(weights.expandDims(2)).sum(new int[] {1});
        TrainingClock clock = new TrainingClock(3, 10, 1);
        weighted.update(new GeneratorStep(x, codes, recon, weights, java.util.Optional.empty(), clock));
        selected.update(new GeneratorStep(x, codes, recon, weights,
                java.util.Optional.of(new GeneratorStep.Selected(selectedCodes, recon.mul(weights.expandDims(2)).sum(new int[] {1}))), clock));
        double[] a = weighted.dictionary().orElseThrow().data();
        double[] s = selected.dictionary().orElseThrow().data();
        for (int i = 0; i < a.length; i++) {
            assertThat(s[i]).isCloseTo(a[i], within(1e-6));
        }
    }

    @Test
    void columnNormalisationKeepsUnitAtoms() {
        LinearDictionary dictionary = new LinearDictionary(manager, 4, 3, 5.0, 1.0, 0, true);
        NDArray codes = manager.randomNormal(new Shape(8, 1, 3));
        dictionary.update(new GeneratorStep(manager.randomNormal(new Shape(8, 4)).mul(10), codes, dictionary.decode(codes, true),
                manager.ones(new Shape(8, 1)), java.util.Optional.empty(), new TrainingClock(0, 1, 0)));
        Matrix phi = dictionary.dictionary().orElseThrow();
        for (int c = 0; c < 3; c++) {
            assertThat(phi.columnNorm(c)).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void aBoundedStepIsTheFixedStepDividedByTheCodesEnergy() {
        org.vsclab.train.Engines.seed(5);
        LinearDictionary fixed = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, false);
        org.vsclab.train.Engines.seed(5);
        LinearDictionary bounded = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, true);
        double[] before = fixed.dictionary().orElseThrow().data();
        assertThat(bounded.dictionary().orElseThrow().data()).containsExactly(before);
        // Codes with energy e = (1/B) Σ ‖z_b‖² = (9 + 16 + 4 + 1) / 2 = 15 > 1.
        NDArray codes = manager.create(new float[] {3, 4, 0, 2, 0, 1}, new Shape(2, 1, 3));
        NDArray x = manager.create(new float[] {1, -1, 2, 0.5f, 0, 3, -2, 1}, new Shape(2, 4));
        for (LinearDictionary d : java.util.List.of(fixed, bounded)) {
            d.update(new GeneratorStep(x, codes, d.decode(codes.reshape(2, 3), true).reshape(2, 1, 4), manager.ones(new Shape(2, 1)),
                    java.util.Optional.empty(), new TrainingClock(0, 1, 0)));
        }
        double[] a = fixed.dictionary().orElseThrow().data();
        double[] b = bounded.dictionary().orElseThrow().data();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i] - before[i]).isCloseTo((a[i] - before[i]) / 15, within(1e-6));
        }
    }

    /**
     * The Gershgorin bound on the same codes: A = (1/B) Σ z zᵀ = [[6.5, 6, 1], [6, 8, 0], [1, 0, 0.5]], whose
     * absolute row sums are 13.5, 14 and 1.5, so L = 14 (λ_max(A) ≈ 13.3 ≤ 14 ≤ tr A = 15), on both update paths.
     */
    @Test
    void aGershgorinBoundedStepIsTheFixedStepDividedByTheLargestAbsoluteRowSum() {
        org.vsclab.train.Engines.seed(5);
        LinearDictionary fixed = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, LinearDictionary.StepBound.NONE);
        org.vsclab.train.Engines.seed(5);
        LinearDictionary weighted = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, LinearDictionary.StepBound.GERSHGORIN);
        org.vsclab.train.Engines.seed(5);
        LinearDictionary selected = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, LinearDictionary.StepBound.GERSHGORIN);
        double[] before = fixed.dictionary().orElseThrow().data();
        NDArray codes = manager.create(new float[] {3, -4, 0, -2, 0, 1}, new Shape(2, 1, 3));
        NDArray x = manager.create(new float[] {1, -1, 2, 0.5f, 0, 3, -2, 1}, new Shape(2, 4));
        NDArray recon = fixed.decode(codes.reshape(2, 3), true);
        TrainingClock clock = new TrainingClock(0, 1, 0);
        for (LinearDictionary d : java.util.List.of(fixed, weighted)) {
            d.update(new GeneratorStep(x, codes, recon.reshape(2, 1, 4), manager.ones(new Shape(2, 1)), java.util.Optional.empty(), clock));
        }
        selected.update(new GeneratorStep(x, codes, recon.reshape(2, 1, 4), manager.ones(new Shape(2, 1)),
                java.util.Optional.of(new GeneratorStep.Selected(codes.reshape(2, 3), recon)), clock));
        double[] a = fixed.dictionary().orElseThrow().data();
        for (LinearDictionary d : java.util.List.of(weighted, selected)) {
            double[] b = d.dictionary().orElseThrow().data();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i] - before[i]).isCloseTo((a[i] - before[i]) / 14, within(1e-6));
            }
        }
    }

    /** Resampling every 2 steps, atoms dead below 0.1 of the mean usage, until step 100, no duplicate check. */
    private static LinearDictionary resampling() {
        return resampling(2);
    }

    private static LinearDictionary resampling(double duplicateCosine) {
        org.vsclab.train.Engines.seed(9);
        return new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, LinearDictionary.StepBound.GERSHGORIN,
                new AtomResampling.Policy(new org.vsclab.family.StepPoint(2, 0, false), 0.1, new org.vsclab.family.StepPoint(100, 0, false),
                        duplicateCosine));
    }

    /** Two atoms pointing the same way are one atom learned twice: the less used one is replaced, though both are used. */
    @Test
    void resamplingReplacesTheLessUsedOfTwoDuplicateAtoms() {
        for (double duplicateCosine : new double[] {0.9, 2}) {
            LinearDictionary d = resampling(duplicateCosine);
            NDArray phi = d.state().get(0).value();
            phi.set(new ai.djl.ndarray.index.NDIndex(":, 2"), phi.get(":, 0").mul(-0.5));
            d.state().get(1).value().set(new ai.djl.ndarray.index.NDIndex(":"), phi.toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            NDArray codes = manager.create(new float[] {1, 0, 0.1f, 0, 2, 0, 1, 0, 0}, new Shape(3, 3));
            NDArray x = manager.create(new float[] {1, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 2}, new Shape(3, 4));
            for (long step = 0; step < 2; step++) {
                NDArray recon = d.decode(codes, true);
                d.update(new GeneratorStep(x, codes.expandDims(1), recon.expandDims(1), manager.ones(new Shape(3, 1)),
                        java.util.Optional.of(new GeneratorStep.Selected(codes, recon)), new TrainingClock(step, 1000, 0)));
            }
            Matrix after = d.dictionary().orElseThrow();
            double[] a = after.column(0);
            double[] c = after.column(2);
            double dot = 0;
            for (int i = 0; i < 4; i++) {
                dot += a[i] * c[i];
            }
            double cosine = Math.abs(dot) / (after.columnNorm(0) * after.columnNorm(2));
            if (duplicateCosine <= 1) {
                assertThat(d.atomsResampled()).as("with the duplicate check").isEqualTo(1);
                assertThat(cosine).isLessThan(0.9);
            } else {
                assertThat(d.atomsResampled()).as("without it").isZero();
                assertThat(cosine).isGreaterThan(0.95);   // still one atom twice
            }
        }
    }

    /** One selected-sample step on codes that never use atom 2; datum 1 has the largest residual, datum 2 the next. */
    private static void stepWithoutAtom2(LinearDictionary d, long step) {
        NDArray codes = manager.create(new float[] {1, 0, 0, 0, 2, 0, 0.5f, -1, 0}, new Shape(3, 3));
        NDArray x = manager.create(new float[] {1, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 2}, new Shape(3, 4));
        NDArray recon = d.decode(codes, true);
        d.update(new GeneratorStep(x, codes.expandDims(1), recon.expandDims(1), manager.ones(new Shape(3, 1)),
                java.util.Optional.of(new GeneratorStep.Selected(codes, recon)), new TrainingClock(step, 1000, 0)));
    }

    /**
     * An atom no datum used in a window is replaced, at the window's end, by the normalised residual of the
     * batch's worst reconstructed datum scaled to the mean norm of the atoms kept; the used atoms take the
     * ordinary step, and nothing changes before the window ends or without the option.
     */
    @Test
    void resamplingReplacesAnUnusedAtomByTheWorstResidualAtTheWindowsEnd() {
        org.vsclab.train.Engines.seed(9);
        LinearDictionary plain = new LinearDictionary(manager, 4, 3, 0.5, 1.0, 1e-3, false, LinearDictionary.StepBound.GERSHGORIN);
        LinearDictionary resampled = resampling();
        assertThat(plain.state()).hasSize(2);
        stepWithoutAtom2(plain, 0);
        stepWithoutAtom2(resampled, 0);
        assertThat(resampled.dictionary().orElseThrow().data()).containsExactly(plain.dictionary().orElseThrow().data());
        Matrix before = plain.dictionary().orElseThrow();
        NDArray codes = manager.create(new float[] {1, 0, 0, 0, 2, 0, 0.5f, -1, 0}, new Shape(3, 3));
        double[] recon = plain.decode(codes, true).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        float[] x = {1, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 2};
        int worst = 0;
        double worstNorm = -1;
        for (int b = 0; b < 3; b++) {
            double n = 0;
            for (int i = 0; i < 4; i++) {
                n += (x[b * 4 + i] - recon[b * 4 + i]) * (x[b * 4 + i] - recon[b * 4 + i]);
            }
            if (Math.sqrt(n) > worstNorm) {
                worstNorm = Math.sqrt(n);
                worst = b;
            }
        }
        stepWithoutAtom2(plain, 1);
        stepWithoutAtom2(resampled, 1);
        Matrix p = plain.dictionary().orElseThrow();
        Matrix r = resampled.dictionary().orElseThrow();
        double kept = (p.columnNorm(0) + p.columnNorm(1)) / 2;
        for (int i = 0; i < 4; i++) {
            assertThat(r.get(i, 0)).isCloseTo(p.get(i, 0), within(1e-12));
            assertThat(r.get(i, 1)).isCloseTo(p.get(i, 1), within(1e-12));
            assertThat(r.get(i, 2)).isCloseTo((x[worst * 4 + i] - recon[worst * 4 + i]) / worstNorm * kept, within(1e-6));
        }
        // Without the option the unused atom only shrinks by the Frobenius penalty's step.
        assertThat(p.get(0, 2) / before.get(0, 2)).isCloseTo(p.get(1, 2) / before.get(1, 2), within(1e-9));
        assertThat(resampled.atomsResampled()).isEqualTo(1);
        // The float32 shadow the loss decodes with follows the replacement.
        NDArray unit = manager.create(new float[] {0, 0, 1}, new Shape(1, 3));
        assertThat((double) resampled.decode(unit, true).toFloatArray()[0]).isCloseTo(r.get(0, 2), within(1e-6));
    }

    /** The window's counts are state: a dictionary restored from a mid-window checkpoint resamples exactly as the original. */
    @Test
    void resamplingResumesMidWindowFromItsState() {
        LinearDictionary original = resampling();
        stepWithoutAtom2(original, 0);
        LinearDictionary restored = resampling();
        assertThat(restored.state()).hasSize(4);
        for (int i = 0; i < original.state().size(); i++) {
            original.state().get(i).value().copyTo(restored.state().get(i).value());
        }
        stepWithoutAtom2(original, 1);
        stepWithoutAtom2(restored, 1);
        assertThat(restored.dictionary().orElseThrow().data()).containsExactly(original.dictionary().orElseThrow().data());
        assertThat(restored.atomsResampled()).isEqualTo(1);
        // Without the first step's counts, the one-step window of the fresh copy would see atom 2 just as unused,
        // but a dictionary whose atom 2 was used in step 0 keeps it.
        LinearDictionary used = resampling();
        NDArray codes = manager.create(new float[] {0, 0, 1, 0, 0, 1, 0, 0, 1}, new Shape(3, 3));
        NDArray x = manager.randomNormal(new Shape(3, 4));
        NDArray recon = used.decode(codes, true);
        used.update(new GeneratorStep(x, codes.expandDims(1), recon.expandDims(1), manager.ones(new Shape(3, 1)),
                java.util.Optional.of(new GeneratorStep.Selected(codes, recon)), new TrainingClock(0, 1000, 0)));
        stepWithoutAtom2(used, 1);
        assertThat(used.atomsResampled()).isZero();
    }
}
