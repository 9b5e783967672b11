package org.vsclab.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;

/**
 * A multilayer perceptron with ReLU after every hidden layer (method.md §12.1; paper default
 * 256-512-1024-512-256) and one linear head per requested head. Weights are stored (out × in) as in
 * PyTorch and applied with the fused linear operation; inputs of any sample shape are flattened first (one addmm per layer); the heads share one
 * product (H·K × F) and are split afterwards.
 */
public final class MlpEncoder implements Encoder {

    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();
    private final NDArray headWeight;
    private final NDArray headBias;
    private final List<HeadSpec> heads;
    private final List<Param> parameters = new ArrayList<>();

    /**
     * Creates the encoder with PyTorch-default initialisation.
     *
     * @param manager owner of the parameters
     * @param inputDimension D
     * @param hidden the hidden widths, in order (may be empty: linear heads on the data)
     * @param heads the heads to produce
     * @param latents K, the width of each head
     */
    public MlpEncoder(NDManager manager, int inputDimension, List<Integer> hidden, List<HeadSpec> heads, int latents) {
        this.heads = List.copyOf(heads);
        long in = inputDimension;
        for (int i = 0; i < hidden.size(); i++) {
            long out = hidden.get(i);
            NDArray w = Initializers.uniformFanIn(manager, new Shape(out, in), in);
            NDArray b = Initializers.uniformFanIn(manager, new Shape(out), in);
            weights.add(w);
            biases.add(b);
            parameters.add(new Param("trunk." + i + ".weight", w));
            parameters.add(new Param("trunk." + i + ".bias", b));
            in = out;
        }
        long width = (long) heads.size() * latents;
        headWeight = Initializers.uniformFanIn(manager, new Shape(width, in), in);
        headBias = Initializers.uniformFanIn(manager, new Shape(width), in);
        parameters.add(new Param("heads.weight", headWeight));
        parameters.add(new Param("heads.bias", headBias));
    }

    @Override
    public Heads encode(NDArray data, boolean training) {
        NDArray h = data.getShape().dimension() == 2 ? data : data.reshape(data.getShape().get(0), -1);
        for (int i = 0; i < weights.size(); i++) {
            h = Activation.relu(Linear.linear(h, weights.get(i), biases.get(i)).singletonOrThrow());
        }
        NDArray all = Linear.linear(h, headWeight, headBias).singletonOrThrow();
        NDList parts = heads.size() == 1 ? new NDList(all) : all.split(heads.size(), 1);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < heads.size(); i++) {
            out.put(heads.get(i).name(), parts.get(i));
        }
        return new Heads(out);
    }

    @Override
    public List<Param> parameters() {
        return parameters;
    }

    /** Returns the number of scalar parameters. */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.value().size()).sum();
    }
}
