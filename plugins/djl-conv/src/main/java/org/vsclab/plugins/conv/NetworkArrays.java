package org.vsclab.plugins.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vsclab.spi.Param;

/**
 * The arrays of one network as its layers are built: the parameters trained through the loss, and
 * the state a checkpoint must also hold (batch-norm running statistics), each under a stable name.
 */
final class NetworkArrays {

    private final NDManager manager;
    private final List<Param> parameters = new ArrayList<>();
    private final List<Param> state = new ArrayList<>();

    NetworkArrays(NDManager manager) {
        this.manager = manager;
    }

    /** Creates a trainable weight or bias initialised as PyTorch does, with the given fan_in. */
    NDArray uniform(String name, Shape shape, long fanIn) {
        NDArray p = PyTorchInit.uniform(manager, shape, fanIn);
        parameters.add(new Param(name, p));
        state.add(new Param(name, p));
        return p;
    }

    /** Creates a trainable array filled with a constant (batch-norm weight 1 and bias 0). */
    NDArray constant(String name, Shape shape, float value) {
        NDArray p = manager.full(shape, value);
        p.setRequiresGradient(true);
        parameters.add(new Param(name, p));
        state.add(new Param(name, p));
        return p;
    }

    /** Creates a state array that is not trained through the loss but updated in place (running statistics). */
    NDArray buffer(String name, Shape shape, float value) {
        NDArray b = manager.full(shape, value);
        state.add(new Param(name, b));
        return b;
    }

    List<Param> parameters() {
        return List.copyOf(parameters);
    }

    List<Param> state() {
        return List.copyOf(state);
    }
}
