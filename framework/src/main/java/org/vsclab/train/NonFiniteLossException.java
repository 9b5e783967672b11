package org.vsclab.train;

import java.util.Map;

/** The loss became NaN or infinite; the run stops and is marked FAILED. */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the global step at which the loss was not finite
     * @param epoch the epoch
     * @param metrics the step's metrics, for the message
     */
    public NonFiniteLossException(long step, int epoch, Map<String, Double> metrics) {
        super("Loss is not finite at step " + step + " (epoch " + epoch + "): " + metrics
                + ". Lower the learning rate, check the data for NaN/Inf, or check the prior's settings.");
        this.step = step;
    }

    /** Returns the step at which the loss was not finite. */
    public long step() {
        return step;
    }
}
