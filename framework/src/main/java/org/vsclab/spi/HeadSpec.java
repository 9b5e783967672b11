package org.vsclab.spi;

import java.util.Objects;

/**
 * One parameter head a {@link VariationalFamily} needs from the {@link Encoder}: a raw, unconstrained
 * output of shape (batch, latents). The family applies its own link function (e.g. {@code exp} for a
 * log-scale), so an encoder never needs to know what a head means.
 *
 * @param name the head's name, e.g. {@code loc} or {@code log-scale}; unique within a family
 * @param description what the family does with it, shown in error messages and {@code vsc plugins}
 */
public record HeadSpec(String name, String description) {

    /** Standard name of the location head (μ). */
    public static final String LOC = "loc";

    /** Standard name of the log-scale head (ln b for a Laplacian). */
    public static final String LOG_SCALE = "log-scale";

    /** Standard name of the log-variance head (ln σ² for a Gaussian). */
    public static final String LOG_VARIANCE = "log-variance";

    /** Validates the name. */
    public HeadSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("head name must be kebab-case: " + name);
        }
    }
}
