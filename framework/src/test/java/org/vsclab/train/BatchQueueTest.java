package org.vsclab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.Dataset;

/**
 * The trainer's read-ahead, with a data set that decodes each batch in its own pool of threads as
 * CelebA's does ({@code plugins/image-data/.../JpegFaces}): batches are prepared on the queue's thread,
 * never on the thread that trains, at most a bounded number ahead, and arrive in order.
 */
class BatchQueueTest {

    /** Row r decodes to the values (r, −r), each row on one of the data set's own two threads. */
    static final class PooledDataset implements Dataset {
        final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "decode");
            t.setDaemon(true);
            return t;
        });
        final Set<String> callers = ConcurrentHashMap.newKeySet();
        final Set<String> decoders = ConcurrentHashMap.newKeySet();
        final AtomicInteger batchesRead = new AtomicInteger();

        @Override
        public int size() {
            return 100;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void copyRows(int[] rows, FloatBuffer out) {
            callers.add(Thread.currentThread().getName());
            List<Future<float[]>> images = new ArrayList<>();
            for (int r : rows) {
                images.add(pool.submit(() -> {
                    decoders.add(Thread.currentThread().getName());
                    return new float[] {r, -r};
                }));
            }
            try {
                for (Future<float[]> image : images) {
                    out.put(image.get());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            batchesRead.incrementAndGet();
        }
    }

    @Test
    void batchesArePreparedOffTheTrainingThreadABoundedNumberAheadAndInOrder() throws Exception {
        PooledDataset data = new PooledDataset();
        int[][] batches = new int[10][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new int[] {3 * b, 3 * b + 1, 3 * b + 2};
        }
        try (BatchQueue queue = new BatchQueue(data, batches, null)) {
            // Before anything is taken the reader fills the queue (2 batches) and reads one more, which
            // waits for room: 3, and no more however long we wait.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (data.batchesRead.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
            assertThat(data.batchesRead.get()).as("batches read ahead of the consumer").isEqualTo(3);
            for (int b = 0; b < batches.length; b++) {
                FloatBuffer batch = queue.next();
                float[] values = new float[batch.remaining()];
                batch.get(values);
                assertThat(values).containsExactly(3 * b, -3 * b, 3 * b + 1, -(3 * b + 1), 3 * b + 2, -(3 * b + 2));
            }
        }
        assertThat(data.callers).containsExactly("vsc-batches").doesNotContain(Thread.currentThread().getName());
        assertThat(data.decoders).containsExactly("decode");
        data.pool.shutdownNow();
    }
}
