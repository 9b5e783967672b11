package org.vsclab.plugin;

import org.vsclab.spi.HeadSpec;

/**
 * Implemented by encoder factories whose encoders cannot produce every head (e.g. a MAP encoder that
 * gives only a location): the runtime asks before building, so a family that needs a head the
 * encoder cannot give fails at start-up with a message naming both.
 */
public interface HeadProvider {

    /**
     * Returns whether encoders from this factory can produce the head.
     *
     * @param head a head a family asks for
     * @return true if it can
     */
    boolean provides(HeadSpec head);

    /** Returns the heads it can produce, for the error message (e.g. "loc only"). */
    String providedHeads();
}
