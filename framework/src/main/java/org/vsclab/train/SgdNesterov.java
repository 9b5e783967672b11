package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.kernels.HostViews;
import org.vsclab.kernels.OptimizerKernels;
import org.vsclab.spi.Param;
import org.vsclab.spi.Scalars;

/**
 * SGD with Nesterov momentum and PyTorch's semantics (method.md §11): g ← g + λ_wd·p,
 * buf ← μ·buf + g, p ← p − lr·(g + μ·buf).
 */
public final class SgdNesterov implements Optimizer {

    private final List<Param> parameters;
    private final List<NDArray> buffers = new ArrayList<>();
    private final double momentum;
    private final double weightDecay;
    /** Per parameter: whether the host kernel may update it and its buffer in place. */
    private final boolean[] onHost;

    /**
     * Creates the optimiser; momentum buffers start at zero (so the first buffer equals the gradient).
     *
     * @param parameters the parameters
     * @param momentum μ
     * @param weightDecay coupled L2 coefficient
     */
    public SgdNesterov(List<Param> parameters, double momentum, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.onHost = new boolean[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i).value();
            NDArray buf = p.zerosLike();
            buffers.add(buf);
            onHost[i] = HostViews.writable(p) && HostViews.writable(buf);
        }
    }

    @Override
    public List<Param> state() {
        List<Param> state = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            state.add(new Param("momentum." + parameters.get(i).name(), buffers.get(i)));
        }
        return state;
    }

    @Override
    public void step(double learningRate) {
        stepFinite(learningRate);
    }

    /**
     * Steps every parameter: on the host in one pass where parameter, gradient and buffer are float32
     * CPU arrays ({@link OptimizerKernels#sgdNesterov}, the same values bit for bit), else with engine
     * operations.
     */
    @Override
    public boolean stepFinite(double learningRate) {
        boolean finite = true;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i).value();
            NDArray buf = buffers.get(i);
            if (onHost[i]) {
                NDArray g = p.getGradient();
                finite &= OptimizerKernels.sgdNesterov(HostViews.floats(p), HostViews.floats(g), HostViews.floats(buf),
                        (float) momentum, (float) weightDecay, (float) learningRate);
            } else {
                stepOnEngine(p, buf, learningRate);
                finite = false;
            }
            Gradients.clear(p);
        }
        return finite;
    }

    private void stepOnEngine(NDArray p, NDArray buf, double learningRate) {
        NDArray g = p.getGradient();
        if (weightDecay != 0) {
            g = g.add(Scalars.times(p, weightDecay));
        }
        buf.muli(Scalars.like(buf, momentum)).addi(g);
        // p ← p − lr·(g + μ·buf), with one temporary
        NDArray update = Scalars.times(buf, momentum).addi(g).muli(Scalars.like(g, learningRate));
        p.subi(update);
    }
}
