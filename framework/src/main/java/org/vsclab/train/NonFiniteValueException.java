package org.vsclab.train;

import java.util.Map;

/**
 * A value of the training step became NaN or infinite — the loss, a gradient, a parameter after the
 * optimiser's update, or a generator's state after its own update. The run stops at that step, before
 * anything non-finite is checkpointed, and is marked FAILED.
 */
public final class NonFiniteValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final String tensor;

    /**
     * Creates the exception.
     *
     * @param step the global step at which the value was not finite
     * @param epoch the epoch
     * @param tensor what was not finite, e.g. {@code the loss} or {@code the gradient of encoder.heads.weight}
     * @param metrics the step's metrics, for the message
     */
    public NonFiniteValueException(long step, int epoch, String tensor, Map<String, Double> metrics) {
        super(capitalised(tensor) + " is not finite at step " + step + " (epoch " + (epoch + 1) + "); the step's metrics: "
                + metrics + ". The last checkpoint holds finite values only. Lower the learning rate, check the data"
                + " for NaN/Inf or for values far larger than 1, or check the prior's settings.");
        this.step = step;
        this.tensor = tensor;
    }

    /** Returns the step at which the value was not finite. */
    public long step() {
        return step;
    }

    /** Returns what was not finite, e.g. {@code the loss}. */
    public String tensor() {
        return tensor;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
