package org.vsclab.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.function.IntBinaryOperator;

/**
 * Runs a kernel over a range of independent items (data of a batch) on the caller's thread and, where
 * there is more than one core, on helper threads: each part is a contiguous sub-range and no sum
 * crosses parts, so the result does not depend on the thread count. Kernels run while the engine is
 * idle (the step waits for them), so they may use the cores the engine's pool uses.
 */
public final class HostParallel {

    /** Below this many elements of work a kernel runs on the caller's thread alone. */
    static final long MIN_PARALLEL_WORK = 1 << 15;

    private static final int THREADS = threads();
    private static final ExecutorService HELPERS = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "vsc-host-kernel");
        t.setDaemon(true);
        return t;
    }) : null;

    private HostParallel() {}

    /** Returns the number of threads kernels use: the engine's intra-op thread count, or the cores. */
    public static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String engine = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            int n = engine == null ? cores : Integer.parseInt(engine.trim());
            return Math.max(1, Math.min(n, cores));
        } catch (NumberFormatException e) {
            return cores;
        }
    }

    /**
     * Runs {@code part(from, to)} over [0, n) in contiguous parts and returns the sum of the parts'
     * results (counts; integer sums do not depend on the order).
     *
     * @param n the number of items
     * @param workPerItem a rough element count per item, to leave small jobs on one thread
     * @param part the kernel over a sub-range
     * @return the sum of the parts' results
     */
    public static long forRange(int n, long workPerItem, IntBinaryOperator part) {
        int parts = (int) Math.min(THREADS, Math.max(1, (long) n * workPerItem / MIN_PARALLEL_WORK));
        parts = Math.min(parts, Math.max(1, n));
        if (parts == 1) {
            return part.applyAsInt(0, n);
        }
        @SuppressWarnings("unchecked")
        Future<Integer>[] helpers = new Future[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            helpers[p - 1] = HELPERS.submit(() -> part.applyAsInt(from, to));
        }
        long total = 0;
        Throwable failure = null;
        try {
            total = part.applyAsInt(0, (int) ((long) n / parts));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        // The helpers write into arrays the caller reads next: wait for every one, even when interrupted.
        for (Future<Integer> f : helpers) {
            while (true) {
                try {
                    total += f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return total;
    }
}
