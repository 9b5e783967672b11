package org.vsclab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vsclab.family.GaussianBase;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.LocationScaleBase;
import org.vsclab.family.Ramp;
import org.vsclab.family.StraightThroughEstimator;
import org.vsclab.family.ThresholdedFamily;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.Heads;
import org.vsclab.spi.TrainingClock;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;

/**
 * The host twin of a thresholded family's draw ({@link HostSampled}) against the family's own engine
 * sampling from the same raw draws: the same support and the same values up to the rounding of the
 * noise's transcendental function, the same KL and diagnostics bit for bit, and the non-zeros the
 * sparse rows list.
 */
class HostSamplingTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.manager(3);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static LocationScaleBase base(String name) {
        return name.equals("laplace") ? new LaplaceBase(0.1) : new GaussianBase(0.1);
    }

    /**
     * B = 60, J = 20, K = 64 (76,800 codes) with posterior scales around λ/2.5 (about 8 % non-zeros, as in
     * training) and a warm-up factor of 0.7 on the scale.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"laplace, -2.3", "gaussian, -4.6", "laplace, 0.0"})
    void hostCodesAreTheFamilysCodesFromTheSameDraws(String baseName, double rawScale) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            LocationScaleBase base = base(baseName);
            Ramp warmup = new Ramp(0.7, 0.7, new org.vsclab.family.StepPoint(0, 0, false), new org.vsclab.family.StepPoint(0, 0, false));
            ThresholdedFamily family = new ThresholdedFamily(base, 0.25, StraightThroughEstimator.AUTHORS, warmup);
            assertThat(family.samplesOnHost()).isTrue();
            int b = 60;
            int j = 20;
            int k = 64;
            Heads heads = new Heads(Map.of("loc", manager.randomNormal(new Shape(b, k)).mul(0.3f),
                    base.scaleHead().name(), manager.randomNormal(new Shape(b, k)).mul(0.2f).add((float) rawScale)));
            NDArray raw = baseName.equals("laplace") ? manager.randomUniform(0f, 1f, new Shape(b, j, k)) : manager.randomNormal(new Shape(b, j, k));
            FixedNoiseContext engineContext = context(raw, baseName);
            FixedNoiseContext hostContext = context(raw, baseName);

            CodeSample engine = family.sample(heads, j, engineContext);
            HostSampled.Sample host = family.sampleOnHost(heads, j, hostContext);

            float[] expected = engine.codes().toFloatArray();
            float[] actual = host.codes().toFloatArray();
            float[] scale = host.diagnostics().get("scale").toFloatArray();
            float[] loc = heads.get("loc").toFloatArray();
            int flips = 0;
            int nonZeros = 0;
            for (int i = 0; i < expected.length; i++) {
                int latent = i % k;
                int datum = i / (j * k);
                if ((expected[i] == 0) != (actual[i] == 0)) {
                    flips++;
                    continue;
                }
                nonZeros += expected[i] != 0 ? 1 : 0;
                // The noise n = ε·s (|n| ≤ 14 s) differs by at most 2 ulp (the log); z = μ ± (|n| − λ) adds three roundings.
                float noiseBound = 14f * scale[datum * k + latent];
                double tolerance = 0x1p-21 * (Math.abs(loc[datum * k + latent]) + noiseBound + 0.25);
                assertThat((double) Math.abs(actual[i] - expected[i])).as("code %d", i).isLessThanOrEqualTo(tolerance);
            }
            // A draw within a few ulps of the threshold may fall on its other side: about 2e-8 per code.
            assertThat(flips).as("codes zero on one side only").isLessThanOrEqualTo(1);
            assertThat(host.nonZeros().nonZeros()).isEqualTo(nonZeros);
            assertThat(host.kl().toFloatArray()).containsExactly(engine.kl().toFloatArray());
            for (String name : engine.diagnostics().keySet()) {
                assertThat(host.diagnostics().get(name).toFloatArray()).as(name).containsExactly(engine.diagnostics().get(name).toFloatArray());
            }
            // The sparse rows hold exactly the dense codes' non-zeros.
            SparseCodes rows = host.nonZeros();
            float[] dense = new float[rows.rows() * k];
            for (int r = 0; r < rows.rows(); r++) {
                for (int i = 0; i < rows.count(r); i++) {
                    dense[r * k + rows.indices()[r * k + i]] = rows.values()[r * k + i];
                }
            }
            assertThat(dense).containsExactly(actual);
        }
    }

    /** A draw the bound declares certainly zero is zero by the full computation, over the whole range of t. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"laplace", "gaussian"})
    void zeroBoundNeverDeclaresANonZeroDraw(String baseName) {
        ThresholdSampling.Noise noise = base(baseName).hostNoise().orElseThrow();
        SplittableRandom random = new SplittableRandom(5);
        float lambda = 0.25f;
        int tested = 0;
        for (int i = 0; i < 200_000; i++) {
            float scale = (float) Math.exp(random.nextDouble(-8, 3));
            double t = lambda / (double) scale;
            float bound = noise.zeroBound(t);
            // Draws at and just below the bound are the hardest cases.
            float c = random.nextBoolean() ? Math.nextDown(bound) : (float) (bound * random.nextDouble());
            if (!(Math.abs(c) < bound)) {
                continue;
            }
            tested++;
            float scaled = noise.unit(c) * scale;
            assertThat(Math.abs(scaled)).as("c = %s, s = %s", c, scale).isLessThanOrEqualTo(lambda);
        }
        assertThat(tested).isGreaterThan(150_000);
    }

    /** The fraction of non-zeros the host draws is P(|ε|·s &gt; λ), within the binomial standard error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"laplace", "gaussian"})
    void nonZeroFractionMatchesTheTailProbability(String baseName) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            LocationScaleBase base = base(baseName);
            ThresholdedFamily family = new ThresholdedFamily(base, 0.25, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
            double rawScale = baseName.equals("laplace") ? Math.log(0.1) : Math.log(0.01);
            Heads heads = new Heads(Map.of("loc", manager.zeros(new Shape(10, 100)).add(0.5f),
                    base.scaleHead().name(), manager.zeros(new Shape(10, 100)).add((float) rawScale)));
            HostSampled.Sample host = family.sampleOnHost(heads, 50, new org.vsclab.train.EngineSamplingContext(manager,
                    new TrainingClock(0, 1, 0), true, false, new SplittableRandom(1)));
            double p = host.diagnostics().get(ThresholdedFamily.POSTERIOR_NONZERO).getFloat(0, 0, 0);
            long n = 10L * 50 * 100;
            Stats.assertProportion("non-zero fraction", host.nonZeros().nonZeros() / (double) n, p, n);
        }
    }

    private static FixedNoiseContext context(NDArray raw, String baseName) {
        FixedNoiseContext c = new FixedNoiseContext(manager).training(true).at(new TrainingClock(0, 1, 0));
        return baseName.equals("laplace") ? c.nextUniform(raw) : c.nextNormal(raw);
    }
}
