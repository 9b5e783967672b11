package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;

/**
 * The paper's convolutional encoder (method.md §12.2, §12.3): convolutions, each followed by batch
 * norm and ReLU, down to a 1×1 map of F features, then one linear head F → K per head the family
 * asked for (the heads share one product and are split afterwards). Batch norm uses the batch's
 * statistics when {@code training} and the running statistics otherwise.
 */
public final class ConvEncoder implements Encoder {

    private final ConvArchitecture architecture;
    private final List<ConvLayer> convolutions = new ArrayList<>();
    private final List<BatchNormLayer> norms = new ArrayList<>();
    private final DenseLayer heads;
    private final List<HeadSpec> headSpecs;
    private final NetworkArrays arrays;

    /**
     * Creates the encoder with PyTorch's default initialisation.
     *
     * @param manager owner of the parameters
     * @param architecture the image size's architecture
     * @param headSpecs the heads to produce
     * @param latents K, the width of each head
     */
    public ConvEncoder(NDManager manager, ConvArchitecture architecture, List<HeadSpec> headSpecs, int latents) {
        this.architecture = architecture;
        this.headSpecs = List.copyOf(headSpecs);
        this.arrays = new NetworkArrays(manager);
        for (int i = 0; i < architecture.encoder().size(); i++) {
            ConvSpec spec = architecture.encoder().get(i);
            convolutions.add(new ConvLayer(arrays, "conv." + i, spec));
            norms.add(new BatchNormLayer(arrays, "norm." + i, spec.out()));
        }
        this.heads = new DenseLayer(arrays, "heads", architecture.features(), (long) headSpecs.size() * latents);
    }

    /** Returns the image shape this encoder reads, (C, H, W). */
    @Override
    public Optional<Shape> inputShape() {
        return Optional.of(architecture.imageShape());
    }

    @Override
    public Heads encode(NDArray data, boolean training) {
        long batch = data.getShape().get(0);
        NDArray h = data.reshape(batch, architecture.channels(), architecture.side(), architecture.side());
        for (int i = 0; i < convolutions.size(); i++) {
            NDArray input = h;
            h = convolutions.get(i).forward(h);
            if (i > 0) {
                input.close();   // not the caller's data: an intermediate of this pass
            }
            h = Intermediates.replace(h, norms.get(i).forward(h, training));
            h = Intermediates.replace(h, Activation.relu(h));
        }
        NDArray flat = h.reshape(batch, architecture.features());
        h.close();
        NDArray all = Intermediates.replace(flat, heads.forward(flat));
        NDList parts = headSpecs.size() == 1 ? new NDList(all) : all.split(headSpecs.size(), 1);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < headSpecs.size(); i++) {
            out.put(headSpecs.get(i).name(), parts.get(i));
        }
        return new Heads(out);
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
