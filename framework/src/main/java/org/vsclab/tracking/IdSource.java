package org.vsclab.tracking;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Where a {@link FileStoreTracker} gets new ids from. The default draws them at random, as MLflow
 * does; tests substitute fixed ids to get reproducible trees.
 */
public interface IdSource {

    /**
     * Returns a new run id: 32 lowercase hex characters without dashes (a uuid4 hex string).
     *
     * @return the id
     */
    String newRunId();

    /**
     * Returns a new experiment id: a positive integer of up to 18 digits, as a string.
     *
     * @return the id
     */
    String newExperimentId();

    /**
     * Returns the default source: random uuid4 run ids and random positive experiment ids below
     * 10<sup>18</sup>.
     *
     * @return the source
     */
    static IdSource random() {
        return new IdSource() {
            private final SecureRandom random = new SecureRandom();

            @Override
            public String newRunId() {
                return UUID.randomUUID().toString().replace("-", "");
            }

            @Override
            public String newExperimentId() {
                long id = 1 + (random.nextLong() & Long.MAX_VALUE) % 999_999_999_999_999_999L;
                return Long.toString(id);
            }
        };
    }
}
