package org.vsclab.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Where a run's data comes from: a training and a validation split, an identity for provenance, and
 * (for synthetic problems) the ground truth.
 */
public interface DataSource {

    /** Returns the training split. */
    Dataset train();

    /** Returns the validation split. */
    Dataset validation();

    /**
     * Returns what identifies the data, recorded as run tags so a run can be re-created: e.g. the
     * generator settings of a synthetic source, or the path and SHA-256 of a file.
     */
    Map<String, String> identity();

    /** Returns the true dictionary (D × K) when the data was generated from one. */
    default Optional<Matrix> trueDictionary() {
        return Optional.empty();
    }
}
