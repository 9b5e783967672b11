package org.vsclab.plugins.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vsclab.plugins.conv.PyTorchFixtures.assertClose;
import static org.vsclab.plugins.conv.PyTorchFixtures.fill;
import static org.vsclab.plugins.conv.PyTorchFixtures.load;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;
import org.vsclab.testing.TestEngine;

/**
 * The paper's 28×28 networks against the same networks in PyTorch ({@code fixtures/make_fixtures.py},
 * same weights by formula): outputs in training and evaluation mode, batch-norm running statistics
 * after one training pass, gradients; and PyTorch's default initialisation, the 64×64 shapes.
 */
class ConvNetworksTest {

    private static final int K = 5;

    // Tolerances: float32 here against float64 in PyTorch, through four layers whose pre-activations sum
    // up to 2,048 products of magnitude 0.3 and pass batch norm over 6 samples: differences of a few 1e-5
    // are rounding; a wrong layer, padding or flip gives differences of order 0.1.

    private static final List<HeadSpec> TWO_HEADS = List.of(new HeadSpec("loc", "μ"), new HeadSpec("log-scale", "ln b"));

    private static Map<String, NDArray> byName(List<Param> params) {
        return params.stream().collect(Collectors.toMap(Param::name, Param::value));
    }

    @Test
    void generatorMatchesPyTorchInBothModesAndInItsGradients() {
        try (NDManager manager = TestEngine.manager(0)) {
            ConvGenerator generator = new ConvGenerator(manager, ConvArchitecture.FMNIST_28, K);
            fill(generator.parameters());
            NDArray codes = load(manager, "gen28_codes");
            NDArray g = load(manager, "gen28_g");
            NDArray train;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                train = generator.decode(codes, true);
                collector.backward(train.mul(g).sum());
            }
            assertClose(train, load(manager, "gen28_train_out"), 1e-4, "train-mode output");
            Map<String, NDArray> state = byName(generator.state());
            String[] torchNames = {"4", "7", "10"};
            for (int i = 0; i < torchNames.length; i++) {
                assertClose(state.get("norm." + i + ".running_mean"), load(manager, "gen28_" + torchNames[i] + "_running_mean"), 1e-5,
                        "norm." + i + " running mean");
                assertClose(state.get("norm." + i + ".running_var"), load(manager, "gen28_" + torchNames[i] + "_running_var"), 1e-4,
                        "norm." + i + " running variance");
            }
            relativeClose(state.get("seed.weight").getGradient(), load(manager, "gen28_seed_weight_grad"), "∂/∂ seed weight");
            relativeClose(state.get("deconv.3.weight").getGradient(), load(manager, "gen28_deconv3_weight_grad"), "∂/∂ last deconv weight");
            relativeClose(state.get("norm.0.weight").getGradient(), load(manager, "gen28_norm0_weight_grad"), "∂/∂ first norm weight");
            assertClose(generator.decode(codes, false), load(manager, "gen28_eval_out"), 1e-4, "eval-mode output");
        }
    }

    @Test
    void encoderMatchesPyTorchInBothModes() {
        try (NDManager manager = TestEngine.manager(0)) {
            ConvEncoder encoder = new ConvEncoder(manager, ConvArchitecture.FMNIST_28, TWO_HEADS, K);
            fill(encoder.parameters());
            NDArray x = load(manager, "enc28_x");
            Function<Heads, NDArray> joined = h -> NDArrays.concat(new ai.djl.ndarray.NDList(h.get("loc"), h.get("log-scale")), 1);
            assertClose(joined.apply(encoder.encode(x, true)), load(manager, "enc28_train_out"), 1e-4, "train-mode heads");
            Map<String, NDArray> state = byName(encoder.state());
            String[] torchNames = {"1", "4", "7", "10"};
            for (int i = 0; i < torchNames.length; i++) {
                assertClose(state.get("norm." + i + ".running_mean"), load(manager, "enc28_" + torchNames[i] + "_running_mean"), 1e-4,
                        "norm." + i + " running mean");
                assertClose(state.get("norm." + i + ".running_var"), load(manager, "enc28_" + torchNames[i] + "_running_var"), 1e-3,
                        "norm." + i + " running variance");
            }
            // Flat (N, 784) rows are the same images as (N, 1, 28, 28).
            assertClose(joined.apply(encoder.encode(x.reshape(4, 784), false)), load(manager, "enc28_eval_out"), 1e-4, "eval-mode heads");
        }
    }

    @Test
    void initialisationIsPyTorchsDefaultWithTransposedFanInFromTheSecondWeightAxis() {
        try (NDManager manager = TestEngine.manager(3)) {
            ConvGenerator generator = new ConvGenerator(manager, ConvArchitecture.FMNIST_28, 64);
            Map<String, NDArray> p = byName(generator.parameters());
            // ConvTranspose2d(128→128, k4): fan_in = 128·16; ConvTranspose2d(64→1, k4): fan_in = 1·16, not 64·16.
            assertUniform(p.get("deconv.0.weight"), 1 / Math.sqrt(128 * 16));
            assertUniform(p.get("deconv.3.weight"), 1 / Math.sqrt(16));
            assertUniform(p.get("seed.weight"), 1 / Math.sqrt(64));
            assertThat(p.get("norm.0.weight").toFloatArray()).containsOnly(1f);
            assertThat(p.get("norm.0.bias").toFloatArray()).containsOnly(0f);
            Map<String, NDArray> state = byName(generator.state());
            assertThat(state.get("norm.2.running_var").toFloatArray()).containsOnly(1f);
            assertThat(state.get("norm.2.running_var").hasGradient()).isFalse();
            assertThat(state).hasSize(generator.parameters().size() + 6);

            ConvEncoder encoder = new ConvEncoder(manager, ConvArchitecture.FMNIST_28, TWO_HEADS, 64);
            Map<String, NDArray> e = byName(encoder.parameters());
            assertUniform(e.get("conv.1.weight"), 1 / Math.sqrt(64 * 16));   // Conv2d: fan_in = C_in·k²
            assertUniform(e.get("conv.1.bias"), 1 / Math.sqrt(64 * 16));
            assertUniform(e.get("heads.weight"), 1 / Math.sqrt(128));
        }
    }

    /** All values within ±bound and, for large tensors, the variance bound²/3 of U(−bound, bound) within 5 %. */
    private static void assertUniform(NDArray p, double bound) {
        float[] v = p.toFloatArray();
        double max = 0;
        double sumSquares = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
            sumSquares += (double) x * x;
        }
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        if (v.length >= 1000) {
            // The variance estimate's relative standard error is √(0.8/n) ≤ 2.8 %: 5 % is about 2σ at n = 1000, far more above.
            assertThat(sumSquares / v.length).isBetween(bound * bound / 3 * 0.95, bound * bound / 3 * 1.05);
        }
        assertThat(p.hasGradient()).isTrue();
    }

    @Test
    void celebaNetworksMapImagesToHeadsAndCodesToImagesInTheUnitInterval() {
        try (NDManager manager = TestEngine.manager(1)) {
            ConvEncoder encoder = new ConvEncoder(manager, ConvArchitecture.CELEBA_64, TWO_HEADS, 7);
            Heads heads = encoder.encode(manager.randomUniform(0, 1, new Shape(2, 3, 64, 64)), true);
            assertThat(heads.get("loc").getShape()).isEqualTo(new Shape(2, 7));
            assertThat(heads.get("log-scale").getShape()).isEqualTo(new Shape(2, 7));
            ConvGenerator generator = new ConvGenerator(manager, ConvArchitecture.CELEBA_64, 7);
            NDArray images = generator.decode(manager.randomNormal(new Shape(3, 7)), true);
            assertThat(images.getShape()).isEqualTo(new Shape(3, 3, 64, 64));
            assertThat(images.min().getFloat()).isGreaterThan(0f);
            assertThat(images.max().getFloat()).isLessThan(1f);
            assertThat(generator.outputShape()).contains(new Shape(3, 64, 64));
            assertThat(encoder.inputShape()).contains(new Shape(3, 64, 64));
        }
    }

    @Test
    void aTrainingPassLeavesNoIntermediateArrayOpenOnlyItsResult() {
        // DJL holds an array's tensor until the array is closed; a paper step decodes 10,240 codes, and
        // its intermediates held to the end of the step took 7.1 GB (peak RSS of one generator pass
        // forward and backward, measured) against 3.8 GB when freed layer by layer. Gradients through
        // the freed intermediates are checked against PyTorch above.
        try (NDManager manager = TestEngine.manager(2)) {
            ConvGenerator generator = new ConvGenerator(manager, ConvArchitecture.FMNIST_28, K);
            ConvEncoder encoder = new ConvEncoder(manager, ConvArchitecture.FMNIST_28, TWO_HEADS, K);
            int parameters = ownArrays(manager).size();
            try (NDManager step = manager.newSubManager()) {
                NDArray codes = step.randomNormal(new Shape(6, K));
                NDArray images = step.randomUniform(0, 1, new Shape(4, 1, 28, 28));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray decoded = generator.decode(codes, true);
                    Heads heads = encoder.encode(images, true);
                    List<NDArray> open = ownArrays(step);
                    // codes, images, the decoded images, the heads' joint product and its two halves, and
                    // the reshaped view of the input images the first convolution reads.
                    assertThat(open).hasSize(7).contains(codes, images, decoded, heads.get("loc"), heads.get("log-scale"));
                    collector.backward(decoded.sum().add(heads.get("loc").sum()));
                }
                // Nor do the kernels' rearrangements stay with the parameters' manager.
                assertThat(ownArrays(manager)).hasSize(parameters);
                assertThat(byName(generator.parameters()).get("deconv.2.weight").getGradient().abs().sum().getFloat()).isPositive();
            }
        }
    }

    /** The open arrays attached to a manager itself (getManagedArrays also lists its sub-managers'). */
    private static List<NDArray> ownArrays(NDManager manager) {
        return ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().stream().filter(a -> a.getManager() == manager).toList();
    }

    /** |actual − expected| ≤ 1e-4·max|expected| elementwise (gradients sum many float32 products). */
    private static void relativeClose(NDArray actual, NDArray expected, String what) {
        double scale = Math.max(1e-6, expected.abs().max().getFloat());
        assertClose(actual, expected, 1e-4 * scale, what + " (scale " + scale + ")");
    }
}
