package org.vsclab.train;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongFunction;
import org.vsclab.spi.Dataset;

/**
 * Reads the batches of one pass over a split on a background thread, a few ahead of the training
 * loop, so that slow sources (images decoded from disk) prepare the next batch while the current one
 * trains. Batches arrive in order; each batch's augmentation stream comes from its index, so what is
 * read never depends on timing. Only host memory is touched off the training thread.
 */
final class BatchQueue implements AutoCloseable {

    /** Batches read ahead of the one being trained on. */
    private static final int DEPTH = 2;

    private static final Object END = new Object();

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private volatile boolean closed;

    /**
     * Starts reading.
     *
     * @param data the split
     * @param batches the rows of each batch, in order
     * @param augmentation the random stream of batch i, or null for no augmentation
     */
    BatchQueue(Dataset data, int[][] batches, LongFunction<SplittableRandom> augmentation) {
        reader = new Thread(() -> {
            try {
                for (int i = 0; i < batches.length && !closed; i++) {
                    FloatBuffer buffer = Batches.read(data, batches[i], augmentation == null ? null : augmentation.apply(i));
                    ready.put(buffer);
                }
                ready.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                offerFailure(e);
            }
        }, "vsc-batches");
        reader.setDaemon(true);
        reader.start();
    }

    private void offerFailure(Throwable e) {
        try {
            ready.put(e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns the next batch's values, waiting for it.
     *
     * @return the values, flipped for reading
     * @throws IllegalStateException if there are no more batches
     */
    FloatBuffer next() {
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterruptedException("interrupted while waiting for the next batch");
        }
        if (item instanceof FloatBuffer buffer) {
            return buffer;
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("no more batches");
    }

    /** Stops reading ahead and waits for the reader to end. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
