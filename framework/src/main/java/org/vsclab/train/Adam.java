package org.vsclab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.spi.Param;
import org.vsclab.spi.Scalars;

/**
 * Adam with PyTorch's semantics, weight decay as coupled L2 (g ← g + λ_wd·p before the moments; not
 * AdamW), bias-corrected moments (method.md §11).
 */
public final class Adam implements Optimizer {

    private final List<Param> parameters;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    /** The number of steps taken, as a float64 scalar (exact to 2⁵³) so that checkpoints hold it. */
    private final NDArray steps;

    /**
     * Creates the optimiser.
     *
     * @param parameters the parameters
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param epsilon denominator guard
     * @param weightDecay coupled L2 coefficient
     */
    public Adam(List<Param> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Param p : parameters) {
            first.add(p.value().zerosLike());
            second.add(p.value().zerosLike());
        }
        this.steps = parameters.isEmpty() ? null
                : parameters.get(0).value().getManager().zeros(new Shape(), DataType.FLOAT64);
    }

    @Override
    public List<Param> state() {
        List<Param> state = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            state.add(new Param("adam.m." + parameters.get(i).name(), first.get(i)));
            state.add(new Param("adam.v." + parameters.get(i).name(), second.get(i)));
        }
        if (steps != null) {
            state.add(new Param("adam.steps", steps));
        }
        return state;
    }

    @Override
    public void step(double learningRate) {
        if (steps == null) {
            return;
        }
        long t = Math.round(steps.getDouble()) + 1;
        steps.addi(Scalars.like(steps, 1));
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i).value();
            NDArray g = p.getGradient();
            if (weightDecay != 0) {
                g = g.add(Scalars.times(p, weightDecay));
            }
            NDArray m = first.get(i).muli(Scalars.like(g, beta1)).addi(Scalars.times(g, 1 - beta1));
            NDArray v = second.get(i).muli(Scalars.like(g, beta2)).addi(Scalars.times(g.square(), 1 - beta2));
            NDArray denominator = Scalars.plus(Scalars.over(v, c2).sqrt(), epsilon);
            p.subi(Scalars.times(m.div(denominator), learningRate / c1));
            Gradients.clear(p);
        }
    }
}
