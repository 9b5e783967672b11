package org.vsclab.plugin;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.vsclab.config.Settings;
import org.vsclab.spi.HeadSpec;

/**
 * What a {@link ComponentFactory} may know while building: the problem's dimensions, the heads the
 * chosen family needs, and other components by name.
 */
public interface BuildContext {

    /** Returns the data dimension D, the number of values per sample (0 while the data source itself is being built). */
    int dataDimension();

    /**
     * Returns the shape of one data sample, e.g. (64) or (1, 28, 28) (empty while the data source itself
     * is being built).
     */
    Shape dataShape();

    /** Returns the number of latents K ({@code model.latent-dim}). */
    int latentDimension();

    /** Returns the heads the chosen family needs (empty until the family is built). */
    List<HeadSpec> heads();

    /** Returns the manager that owns model parameters for the whole run (on the run's device). */
    NDManager manager();

    /** Returns the whole configuration. */
    Settings root();

    /**
     * Builds another component by name, with its own settings, e.g. a family's gradient estimator.
     *
     * @param kind the kind
     * @param name the registered name
     * @param selectedBy the config key that named it, for the error if it is unknown
     * @param <T> the product type
     * @return the component
     */
    <T> T build(ComponentKind<T> kind, String name, String selectedBy);
}
