package org.vsclab.plugins.fista;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.Encoder;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;

/**
 * The encoder of iterative inference: no network, the data itself (flattened to (B, D)) as the head
 * {@code data}, for a family that solves for its codes (FISTA). It has no parameters.
 */
public final class IdentityEncoder implements Encoder {

    /** The head it gives. */
    public static final HeadSpec DATA = new HeadSpec("data", "the data itself, (B, D), for iterative inference");

    @Override
    public Heads encode(NDArray data, boolean training) {
        NDArray flat = data.getShape().dimension() == 2 ? data : data.reshape(data.getShape().get(0), -1);
        return new Heads(Map.of(DATA.name(), flat));
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }
}
