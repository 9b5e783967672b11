package org.vsclab.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Read access to a tracking store: list runs, find one, read its artifacts. */
public interface RunCatalog {

    /**
     * Lists runs, newest first.
     *
     * @param experiment only runs of this experiment (by name), or all when empty
     * @return the runs
     * @throws IOException if the store cannot be read
     */
    List<RunSummary> runs(Optional<String> experiment) throws IOException;

    /**
     * Finds one run by its id or an unambiguous prefix of it.
     *
     * @param runIdOrPrefix the id or prefix
     * @return the run, or empty if none matches
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if the prefix matches several runs (it names them)
     */
    Optional<RunSummary> find(String runIdOrPrefix) throws IOException;

    /**
     * Reads one artifact of a run.
     *
     * @param run the run
     * @param relativePath a '/'-separated path under its artifact root
     * @return the bytes, or empty if the run has no such artifact
     * @throws IOException if the store cannot be read
     */
    Optional<byte[]> artifact(RunSummary run, String relativePath) throws IOException;
}
