package org.vsclab.train;

import java.util.SplittableRandom;

/**
 * Every random stream of a run, derived from the run's seed, the stream and an index (a step, an
 * epoch), so that where a run is fixes its randomness: a run resumed at step t draws exactly what the
 * uninterrupted run drew there, and nothing depends on how many draws came before.
 */
public final class RandomStreams {

    /** The streams of a run. */
    public enum Stream {
        /** The batch order of an epoch (index: epoch). */
        ORDER,
        /** The training engine's generator during a step: sampling noise (index: step). */
        STEP,
        /** Host-side draws of a step, e.g. Gamma variates (index: step). */
        STEP_HOST,
        /** Data augmentation of a step's batch (index: step). */
        AUGMENTATION,
        /** The validation pass after an epoch (index: epoch). */
        EVALUATION,
        /** A metric's own draws (index: a hash of its name and the epoch). */
        METRIC
    }

    private RandomStreams() {}

    /**
     * Returns the seed of one stream at one index.
     *
     * @param runSeed the run's seed
     * @param stream the stream
     * @param index the step, epoch or other index
     * @return a well-mixed 64-bit seed
     */
    public static long seed(long runSeed, Stream stream, long index) {
        long z = mix(runSeed ^ 0x9E3779B97F4A7C15L * (stream.ordinal() + 1));
        return mix(z + 0xBF58476D1CE4E5B9L * (index + 1));
    }

    /**
     * Returns a host generator for one stream at one index.
     *
     * @param runSeed the run's seed
     * @param stream the stream
     * @param index the step, epoch or other index
     * @return a new generator
     */
    public static SplittableRandom random(long runSeed, Stream stream, long index) {
        return new SplittableRandom(seed(runSeed, stream, index));
    }

    /**
     * Seeds the training engine's generator for one stream at one index.
     *
     * @param runSeed the run's seed
     * @param stream the stream
     * @param index the step, epoch or other index
     */
    public static void seedEngine(long runSeed, Stream stream, long index) {
        Engines.seed(seed(runSeed, stream, index));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
