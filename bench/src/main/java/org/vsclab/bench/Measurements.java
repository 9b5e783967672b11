package org.vsclab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Timing statistics, resident memory and the machine's measured matmul rate. */
public final class Measurements {

    private Measurements() {}

    /** Returns the median of the values. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Returns the q-quantile (nearest rank) of the values. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Returns this process's resident memory in MB (VmRSS), or NaN where /proc is unavailable. */
    public static double residentMb() {
        return procStatus("self", "VmRSS:");
    }

    /** Returns this process's peak resident memory in MB (VmHWM), or NaN where /proc is unavailable. */
    public static double peakResidentMb() {
        return procStatus("self", "VmHWM:");
    }

    /**
     * Returns another process's peak resident memory in MB (VmHWM), e.g. a peer's, or NaN where /proc is
     * unavailable or the process has ended.
     *
     * @param pid the process
     * @return its peak resident memory
     */
    public static double peakResidentMb(long pid) {
        return procStatus(Long.toString(pid), "VmHWM:");
    }

    private static double procStatus(String process, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", process, "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * Measures the training engine's dense float32 matmul rate on this machine: the best of several
     * 1024 × 1024 products after warm-up.
     *
     * @param manager the engine's manager
     * @param repetitions how many timed products
     * @return GFLOP/s (2·n³ flops per product)
     */
    public static double matmulGflops(NDManager manager, int repetitions) {
        try (MatmulProbe probe = new MatmulProbe(manager)) {
            double best = 0;
            for (int i = 0; i < repetitions; i++) {
                best = Math.max(best, probe.sample());
            }
            return best;
        }
    }

    /**
     * Measures the engine's 1024² float32 matmul rate repeatedly, so that a benchmark can interleave
     * samples with its own work and compare with the rate the machine gave at the same time (the
     * machines here share their cores, and their speed drifts).
     */
    public static final class MatmulProbe implements AutoCloseable {
        private static final int N = 1024;
        private final NDManager scope;
        private final NDArray a;
        private final NDArray b;

        /**
         * Prepares the operands and warms up.
         *
         * @param manager the engine's manager
         */
        public MatmulProbe(NDManager manager) {
            scope = manager.newSubManager();
            a = scope.randomUniform(-1f, 1f, new Shape(N, N));
            b = scope.randomUniform(-1f, 1f, new Shape(N, N));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
        }

        /** Times one product and returns its GFLOP/s. */
        public double sample() {
            long t0 = System.nanoTime();
            NDArray c = a.matMul(b);
            c.getFloat(0, 0);   // the product is complete before the clock stops
            double seconds = (System.nanoTime() - t0) / 1e9;
            c.close();
            return 2.0 * N * N * N / seconds / 1e9;
        }

        @Override
        public void close() {
            scope.close();
        }
    }
}
