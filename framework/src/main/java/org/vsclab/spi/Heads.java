package org.vsclab.spi;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encoder's outputs for one batch, keyed by {@link HeadSpec#name()}; each array has shape
 * (batch, latents).
 */
public final class Heads {

    private final Map<String, NDArray> arrays;

    /**
     * Wraps the given head arrays.
     *
     * @param arrays head name to array, in the order the family declared them
     */
    public Heads(Map<String, NDArray> arrays) {
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /**
     * Returns the named head.
     *
     * @param name the head's name
     * @return its array, shape (batch, latents)
     * @throws IllegalArgumentException naming the heads that are present if {@code name} is not
     */
    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException(
                    "no head '" + name + "' in the encoder's output; it has " + arrays.keySet());
        }
        return array;
    }

    /** Returns all heads by name. */
    public Map<String, NDArray> asMap() {
        return arrays;
    }

    /** Returns the batch size. */
    public long batchSize() {
        return arrays.values().iterator().next().getShape().get(0);
    }

    /** Returns the number of latents. */
    public long latents() {
        return arrays.values().iterator().next().getShape().get(1);
    }
}
