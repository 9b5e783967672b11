package org.vsclab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vsclab.components.LinearDictionary;
import org.vsclab.components.MaxElboSelector;
import org.vsclab.components.MlpEncoder;
import org.vsclab.family.LaplaceBase;
import org.vsclab.family.LearnedThreshold;
import org.vsclab.family.Ramp;
import org.vsclab.family.StraightThroughEstimator;
import org.vsclab.family.ThresholdedFamily;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.Generator;
import org.vsclab.spi.Param;
import org.vsclab.spi.SampleSelector;
import org.vsclab.spi.TrainingClock;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testing.TestEngine;

/**
 * Back-propagating only the selected sample (max-ELBO) gives the same loss and the same gradients
 * as the weighted form over all J samples (method.md §10), and the same selected codes.
 */
class SparseCodingModelTest {

    /** Max-ELBO without the one-sample shortcut: the reference. */
    private static final class WeightedMax implements SampleSelector {
        @Override
        public NDArray weights(NDArray perSampleLoss) {
            return new MaxElboSelector().weights(perSampleLoss);
        }
    }

    @Test
    void selectedSampleBackwardEqualsWeightedBackward() {
        check(new ThresholdedFamily(new LaplaceBase(0.1), 0.2, StraightThroughEstimator.AUTHORS, Ramp.constant(1)));
    }

    @Test
    void replayedGammaDrawsGiveTheSameGradientsForALearnedThreshold() {
        check(new ThresholdedFamily(new LaplaceBase(0.1), new LearnedThreshold(0.2, 3, 0.1), StraightThroughEstimator.AUTHORS,
                Ramp.constant(1)));
    }

    @Test
    void aLearnedThresholdsShapeHeadLearnsThroughTheImplicitGradient() {
        // With κ = 0 the Gamma KL is out of the loss: the shape head's only gradient is ∂z/∂λ·∂λ/∂α.
        try (NDManager manager = TestEngine.manager(5)) {
            ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), new LearnedThreshold(0.2, 3, 0.1),
                    StraightThroughEstimator.AUTHORS, Ramp.constant(1));
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            SparseCodingModel model = model(encoder, family, dictionary, new MaxElboSelector(), 8, 0);
            float[][] result = lossAndGradients(model, manager.randomNormal(new Shape(6, 12)), manager);
            float[] headWeights = result[1];   // (4 heads × 10 latents) × (12 inputs), row-major
            double shapeHead = 0;
            for (int row = 20; row < 30; row++) {
                for (int col = 0; col < 12; col++) {
                    shapeHead += Math.abs(headWeights[row * 12 + col]);
                }
            }
            assertThat(shapeHead).as("gradient reaching the threshold-log-shape head").isGreaterThan(1e-6);
        }
    }

    @Test
    void aGeneratorThatIsNotRowIndependentDecodesAllSamplesOnceWithTheSameLossAndGradients() {
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.2, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        try (NDManager manager = TestEngine.manager(5)) {
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(16), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            RecordingGenerator general = new RecordingGenerator(dictionary);
            NDArray x = manager.randomNormal(new Shape(6, 12));
            float[][] fast = lossAndGradients(model(encoder, family, dictionary, new MaxElboSelector(), 8, 0.05), x, manager);
            float[][] all = lossAndGradients(model(encoder, family, general, new MaxElboSelector(), 8, 0.05), x, manager);
            assertThat(general.calls).as("decode calls (rows, training) of one training step").containsExactly("48 true");
            assertSameUpToSummationOrder(all, fast);
        }
    }

    @Test
    void samplesOfAnyShapeGiveTheLossOfTheirFlatValues() {
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.2, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        try (NDManager manager = TestEngine.manager(5)) {
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(16), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            RecordingGenerator general = new RecordingGenerator(dictionary);
            NDArray flat = manager.randomNormal(new Shape(6, 12));
            SparseCodingModel image = SparseCodingModel.builder().setEncoder(encoder).setFamily(family).setGenerator(general)
                    .setSelector(new MaxElboSelector()).setSampleShape(new Shape(1, 3, 4)).optSamples(8).optKlWeight(0.05).build();
            float[][] asImage = lossAndGradients(image, flat.reshape(6, 1, 3, 4), manager);
            float[][] asVector = lossAndGradients(model(encoder, family, general, new MaxElboSelector(), 8, 0.05), flat, manager);
            assertThat(asImage[0][0]).isEqualTo(asVector[0][0]);
            EngineSamplingContext context = new EngineSamplingContext(manager, new TrainingClock(5, 10, 0), true, new SplittableRandom(1));
            assertThat(image.forward(flat.reshape(6, 1, 3, 4), context).reconstructions().getShape()).isEqualTo(new Shape(6, 8, 1, 3, 4));
        }
    }

    @Test
    void overflowingCodesGiveANonFiniteLossNotAReplayMismatch() {
        // A noise scale of e^87.5 ≈ 1e38: the draws with |ε| > 3.4 overflow to ±inf, the others do not, so
        // the one-hot weighting of the J scored codes gives inf·0 = NaN beside finite selected codes. That is
        // a non-finite loss (all reconstruction errors overflow), not a family that replays wrongly.
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), 0.2, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        try (NDManager manager = TestEngine.manager(5)) {
            NDArray bias = manager.zeros(new Shape(10));
            bias.setRequiresGradient(true);
            Encoder encoder = new Encoder() {
                @Override
                public org.vsclab.spi.Heads encode(NDArray data, boolean training) {
                    long b = data.getShape().get(0);
                    NDArray loc = bias.broadcast(new Shape(b, 10));
                    NDArray logScale = org.vsclab.spi.Scalars.plus(bias.mul(bias), 87.5).broadcast(new Shape(b, 10));
                    return new org.vsclab.spi.Heads(java.util.Map.of("loc", loc, "log-scale", logScale));
                }

                @Override
                public List<Param> parameters() {
                    return List.of(new Param("bias", bias));
                }
            };
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            NDArray x = manager.randomNormal(new Shape(6, 12));
            float[][] result = lossAndGradients(model(encoder, family, dictionary, new MaxElboSelector(), 8, 0.05), x, manager);
            assertThat(Float.isFinite(result[0][0])).as("loss, host kernels").isFalse();
            float[][] onEngine = lossAndGradients(enginePath(encoder, family, dictionary), x, manager);
            assertThat(Float.isFinite(onEngine[0][0])).as("loss, engine path").isFalse();
        }
    }

    /**
     * The host kernels (on by default) against the engine path they replace, from the same seed: the
     * same selected samples, and loss and gradients equal up to float32 summation order.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"laplace", "gaussian"})
    void hostKernelsGiveTheEnginePathsSelectionLossAndGradients(String baseName) {
        org.vsclab.family.LocationScaleBase base = baseName.equals("laplace") ? new LaplaceBase(0.1) : new org.vsclab.family.GaussianBase(0.01);
        ThresholdedFamily family = new ThresholdedFamily(base, 0.2, StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        try (NDManager manager = TestEngine.manager(5)) {
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(16), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            NDArray x = manager.randomNormal(new Shape(30, 12));
            SparseCodingModel host = model(encoder, family, dictionary, new MaxElboSelector(), 8, 0.05);
            SparseCodingModel engine = enginePath(encoder, family, dictionary);
            float[][] onHost = lossAndGradients(host, x, manager);
            float[][] onEngine = lossAndGradients(engine, x, manager);
            assertSameUpToSummationOrder(onHost, onEngine);
            for (boolean training : new boolean[] {true, false}) {
                Engines.seed(11);
                ForwardPass a = host.forward(x, new EngineSamplingContext(manager, new TrainingClock(5, 10, 0), training, new SplittableRandom(1)));
                Engines.seed(11);
                ForwardPass b = engine.forward(x, new EngineSamplingContext(manager, new TrainingClock(5, 10, 0), training, new SplittableRandom(1)));
                assertThat(a.weights().toFloatArray()).as("selection, training = %s", training).containsExactly(b.weights().toFloatArray());
                float[] ea = a.reconstructionError().toFloatArray();
                float[] eb = b.reconstructionError().toFloatArray();
                for (int i = 0; i < ea.length; i++) {
                    assertThat(ea[i]).isCloseTo(eb[i], within(1e-6f * (1 + eb[i])));
                }
                assertThat(a.codes().neq(0).toBooleanArray()).containsExactly(b.codes().neq(0).toBooleanArray());
                assertThat(a.selected().orElseThrow().codes().neq(0).toBooleanArray())
                        .containsExactly(b.selected().orElseThrow().codes().neq(0).toBooleanArray());
                Engines.seed(12);
                float[] ia = host.infer(x, new EngineSamplingContext(manager, TrainingClock.finished(1, 1), false, new SplittableRandom(1))).toFloatArray();
                Engines.seed(12);
                float[] ib = engine.infer(x, new EngineSamplingContext(manager, TrainingClock.finished(1, 1), false, new SplittableRandom(1))).toFloatArray();
                for (int i = 0; i < ia.length; i++) {
                    assertThat(ia[i]).as("inferred code %d", i).isCloseTo(ib[i], within(1e-5f * (1 + Math.abs(ib[i]))));
                }
            }
        }
    }

    @Test
    void aLearnedThresholdKeepsTheEnginePathBitForBit() {
        ThresholdedFamily family = new ThresholdedFamily(new LaplaceBase(0.1), new LearnedThreshold(0.2, 3, 0.1),
                StraightThroughEstimator.AUTHORS, Ramp.constant(1));
        assertThat(family.samplesOnHost()).isFalse();
        try (NDManager manager = TestEngine.manager(5)) {
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(16), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            NDArray x = manager.randomNormal(new Shape(6, 12));
            float[][] on = lossAndGradients(model(encoder, family, dictionary, new MaxElboSelector(), 8, 0.05), x, manager);
            float[][] off = lossAndGradients(enginePath(encoder, family, dictionary), x, manager);
            for (int p = 0; p < on.length; p++) {
                assertThat(on[p]).containsExactly(off[p]);
            }
        }
    }

    /** The dictionary's decoding, declared not row-independent, recording each call. */
    private static final class RecordingGenerator implements Generator {
        private final LinearDictionary delegate;
        private final List<String> calls = new java.util.ArrayList<>();

        RecordingGenerator(LinearDictionary delegate) {
            this.delegate = delegate;
        }

        @Override
        public NDArray decode(NDArray codes, boolean training) {
            calls.add(codes.getShape().get(0) + " " + training);
            return delegate.decode(codes, training);
        }

        @Override
        public List<Param> parameters() {
            return List.of();
        }
    }

    private static void check(ThresholdedFamily family) {
        try (NDManager manager = TestEngine.manager(5)) {
            MlpEncoder encoder = new MlpEncoder(manager, 12, List.of(16), family.heads(), 10);
            LinearDictionary dictionary = new LinearDictionary(manager, 12, 10, 0.5, 0.99, 1e-4, false);
            SparseCodingModel fast = model(encoder, family, dictionary, new MaxElboSelector(), 8, 0.05);
            SparseCodingModel reference = model(encoder, family, dictionary, new WeightedMax(), 8, 0.05);
            NDArray x = manager.randomNormal(new Shape(6, 12));

            float[][] fastResult = lossAndGradients(fast, x, manager);
            float[][] referenceResult = lossAndGradients(reference, x, manager);
            assertSameUpToSummationOrder(fastResult, referenceResult);
        }
    }

    private static SparseCodingModel model(Encoder encoder, VariationalFamily family, Generator generator,
            SampleSelector selector, int samples, double klWeight) {
        return SparseCodingModel.builder().setEncoder(encoder).setFamily(family).setGenerator(generator)
                .setSelector(selector).setSampleShape(new Shape(12)).optSamples(samples).optKlWeight(klWeight).build();
    }

    /** The max-ELBO model of the host-kernel tests (J = 8, κ = 0.05) with every operation on the engine. */
    private static SparseCodingModel enginePath(Encoder encoder, VariationalFamily family, Generator generator) {
        return SparseCodingModel.builder().setEncoder(encoder).setFamily(family).setGenerator(generator)
                .setSelector(new MaxElboSelector()).setSampleShape(new Shape(12)).optSamples(8).optKlWeight(0.05)
                .optHostKernels(false).build();
    }

    /** The loss to within 1e-6 and every gradient element to within 1e-5: equal up to float32 summation order. */
    private static void assertSameUpToSummationOrder(float[][] actual, float[][] expected) {
        assertThat(actual[0][0]).isCloseTo(expected[0][0], within(1e-6f));
        for (int p = 1; p < actual.length; p++) {
            for (int i = 0; i < actual[p].length; i++) {
                assertThat(actual[p][i]).as("parameter %d, element %d", p, i).isCloseTo(expected[p][i], within(1e-5f));
            }
        }
    }

    private static float[][] lossAndGradients(SparseCodingModel model, NDArray x, NDManager manager) {
        Engines.seed(11);
        EngineSamplingContext context = new EngineSamplingContext(manager, new TrainingClock(5, 10, 0), true, new SplittableRandom(1));
        List<Param> params = model.trainableParameters();
        ForwardPass pass;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            pass = model.forward(x, context);
            gc.backward(pass.loss());
        }
        float[][] out = new float[params.size() + 1][];
        out[0] = new float[] {pass.loss().getFloat()};
        for (int i = 0; i < params.size(); i++) {
            out[i + 1] = params.get(i).value().getGradient().toFloatArray();
            Gradients.clear(params.get(i).value());
        }
        return out;
    }
}
