package org.vsclab.family;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.vsclab.config.Settings;
import org.vsclab.spi.Scalars;

/**
 * A bounded link for the scale head of a location-scale family ({@code scale-bounds { min, max }};
 * {@code null} by default: the paper's unbounded link). The raw head ℓ (a log-scale or a
 * log-variance) is mapped smoothly into [ℓ_lo, ℓ_hi], the raw values at which the noise scale equals
 * {@code min} and {@code max}:
 *
 * <pre>
 *   ℓ' = ℓ_hi − softplus(ℓ_hi − ℓ_lo − softplus(ℓ − ℓ_lo))
 * </pre>
 *
 * which is ℓ itself (to within e^{−distance to a bound}) between the bounds and approaches ℓ_lo
 * (ℓ_hi) below (above) them, with a gradient that fades instead of jumping to zero.
 *
 * <p>Why: an MLP encoder (ReLU, small biases) is nearly positively homogeneous in its input, so its
 * log-scale head moves linearly with a datum's norm, and through exp the scale moves exponentially:
 * on heavy-tailed data the largest samples drive b = e^ℓ to 1e-17…1e-32 within a few steps (measured
 * on issue 8 item 8's problem: the correlation of a datum's norm with its smallest log-scale is −0.7
 * at initialisation and −0.9 to −0.97 at the failing step, 120–310 steps in). There b² underflows in
 * float32 and the Laplace KL's term (b/b_p)·e^{−|μ|/b} differentiates to 0·∞: the loss, the heads and
 * the KL are still finite, every gradient is NaN. The bound removes that and the opposite blow-up
 * (b ≈ e^{17}, whose samples sent the reconstruction error to 1e11 in one step).
 *
 * @param min the smallest noise scale (b for a Laplacian, σ for a Gaussian), &gt; 0
 * @param max the largest noise scale, &gt; min
 */
public record ScaleBounds(double min, double max) {

    /** No bound: the paper's link (the raw head goes through unchanged). */
    public static final ScaleBounds NONE = new ScaleBounds(0, Double.POSITIVE_INFINITY);

    /** Checks the bounds: 0 &lt; min &lt; max &lt; ∞, or those of {@link #NONE}. */
    public ScaleBounds {
        boolean none = min == 0 && max == Double.POSITIVE_INFINITY;
        if (!none && !(min > 0 && max > min && max < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("scale bounds need 0 < min < max < ∞, not [" + min + ", " + max + "]");
        }
    }

    /** Returns whether the link is bounded (false for {@link #NONE}). */
    public boolean bounded() {
        return min > 0;
    }

    /**
     * Maps the raw scale head into the bounds.
     *
     * @param raw the raw head, any shape
     * @param base the base, which knows what raw value a scale corresponds to
     * @return the bounded raw head, same shape (the input itself when unbounded)
     */
    public NDArray apply(NDArray raw, LocationScaleBase base) {
        if (!bounded()) {
            return raw;
        }
        double lo = base.rawScaleAt(min);
        double hi = base.rawScaleAt(max);
        NDArray aboveLow = Activation.softPlus(Scalars.minus(raw, lo));
        return Scalars.plus(Activation.softPlus(Scalars.plus(aboveLow.neg(), hi - lo)).neg(), hi);
    }

    /**
     * Reads {@code scale-bounds { min, max }} from a family's settings; {@code scale-bounds = null} (the
     * built-in plugins' default) or no such key (a plugin written before the option) means unbounded.
     *
     * @param family the family's settings
     * @return the bounds, or {@link #NONE}
     */
    public static ScaleBounds read(Settings family) {
        if (!family.has("scale-bounds")) {
            return NONE;
        }
        Settings s = family.at("scale-bounds");
        double min = s.positive("min");
        double max = s.positive("max");
        if (!(max > min) || Double.isInfinite(max)) {
            throw s.invalid("max", "a finite number greater than " + s.path("min") + " (" + min + ")", String.valueOf(max));
        }
        return new ScaleBounds(min, max);
    }
}
