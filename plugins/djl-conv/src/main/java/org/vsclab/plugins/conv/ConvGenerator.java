package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vsclab.spi.Generator;
import org.vsclab.spi.Param;

/**
 * The paper's convolutional decoder f_θ (method.md §12.4, §12.5): Linear(K → C₀·s₀²), reshape,
 * ReLU, then transposed convolutions ({@link TransposedConv2d}), each followed by batch norm and
 * ReLU except the last, which is followed by a sigmoid. Its parameters are trained by the runtime's
 * optimiser through the loss. It is not row-independent: in training mode batch norm normalises
 * over all the codes decoded in one call, and updates its running statistics once per call.
 * Intermediate arrays are freed layer by layer ({@link Intermediates}): a training step of the paper
 * decodes B·J = 10,240 codes, and DJL would otherwise hold every intermediate until the step ends.
 */
public final class ConvGenerator implements Generator {

    private final ConvArchitecture architecture;
    private final DenseLayer seed;
    private final List<TransposedConvLayer> layers = new ArrayList<>();
    private final List<BatchNormLayer> norms = new ArrayList<>();
    private final NetworkArrays arrays;

    /**
     * Creates the generator with PyTorch's default initialisation.
     *
     * @param manager owner of the parameters
     * @param architecture the image size's architecture
     * @param latents K
     */
    public ConvGenerator(NDManager manager, ConvArchitecture architecture, int latents) {
        this.architecture = architecture;
        this.arrays = new NetworkArrays(manager);
        this.seed = new DenseLayer(arrays, "seed", latents,
                (long) architecture.seedChannels() * architecture.seedSide() * architecture.seedSide());
        List<ConvSpec> specs = architecture.decoder();
        for (int i = 0; i < specs.size(); i++) {
            layers.add(new TransposedConvLayer(arrays, "deconv." + i, specs.get(i)));
            if (i < specs.size() - 1) {
                norms.add(new BatchNormLayer(arrays, "norm." + i, specs.get(i).out()));
            }
        }
    }

    /**
     * Decodes codes (N, K) to images (N, C, H, W) with values in (0, 1).
     *
     * @param codes (N, K)
     * @param training batch norm in training mode (batch statistics, running statistics updated) or not
     * @return the images
     */
    @Override
    public NDArray decode(NDArray codes, boolean training) {
        long n = codes.getShape().get(0);
        NDArray h = seed.forward(codes);
        h = Intermediates.replace(h, h.reshape(n, architecture.seedChannels(), architecture.seedSide(), architecture.seedSide()));
        h = Intermediates.replace(h, Activation.relu(h));
        for (int i = 0; i < layers.size(); i++) {
            h = Intermediates.replace(h, layers.get(i).forward(h));
            if (i < norms.size()) {
                h = Intermediates.replace(h, norms.get(i).forward(h, training));
                h = Intermediates.replace(h, Activation.relu(h));
            } else {
                h = Intermediates.replace(h, Activation.sigmoid(h));
            }
        }
        return h;
    }

    /** Returns the image shape this generator produces, (C, H, W). */
    @Override
    public Optional<Shape> outputShape() {
        return Optional.of(architecture.imageShape());
    }

    @Override
    public List<Param> parameters() {
        return arrays.parameters();
    }

    /** Returns the parameters and the batch-norm running statistics. */
    @Override
    public List<Param> state() {
        return arrays.state();
    }
}
