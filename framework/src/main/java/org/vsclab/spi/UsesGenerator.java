package org.vsclab.spi;

/**
 * Implemented by a family or an encoder whose computation needs the run's generator, e.g. iterative
 * inference such as FISTA, whose codes solve a sparse-coding problem on the current dictionary. The
 * model hands its generator over once, when it is assembled; the component keeps the reference and
 * reads the generator's current state (for a linear one, {@link Generator#dictionary()}) when it runs.
 */
public interface UsesGenerator {

    /**
     * Receives the generator the model decodes with.
     *
     * @param generator the run's generator
     */
    void useGenerator(Generator generator);
}
