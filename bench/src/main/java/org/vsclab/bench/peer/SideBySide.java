package org.vsclab.bench.peer;

import java.util.function.DoubleSupplier;
import org.vsclab.bench.Measurements;

/**
 * Times our step and, when there is one, the peer's, in alternating blocks: each turn runs a block of
 * our steps then a block of the peer's (the order alternating from turn to turn), and samples each
 * side's 1024² matmul rate, so that both medians and both matmul rates describe the same minutes of
 * a shared machine. The side that waits blocks on a pipe and uses no core.
 */
public final class SideBySide {

    private SideBySide() {}

    /**
     * What one side measured.
     *
     * @param ms the timed steps' wall times, milliseconds
     * @param matmulGflops the matmul rates sampled between blocks
     */
    public record Side(double[] ms, double[] matmulGflops) {

        /** Returns the median step time. */
        public double medianMs() {
            return Measurements.median(ms);
        }

        /** Returns the median matmul rate. */
        public double medianMatmul() {
            return Measurements.median(matmulGflops);
        }
    }

    /**
     * Both sides' measurements.
     *
     * @param ours ours
     * @param peer the peer's, or null without a peer
     */
    public record Result(Side ours, Side peer) {

        /** Returns how many times faster our median step is than the peer's. */
        public double speedup() {
            return peer.medianMs() / ours.medianMs();
        }
    }

    /** One of our steps (the i-th, from 0; warm-up steps included). */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs it.
         *
         * @param i its index
         */
        void run(int i);
    }

    /**
     * Runs the comparison.
     *
     * @param ours one of our steps
     * @param ourMatmul samples our engine's 1024² matmul rate, GFLOP/s ({@code Measurements.MatmulProbe::sample})
     * @param peer the peer, or null to time our side alone
     * @param warmup untimed steps per side first
     * @param timed timed steps per side
     * @param block steps per side per turn
     * @return the measurements
     * @throws PeerException if the peer fails
     */
    public static Result run(Step ours, DoubleSupplier ourMatmul, PeerProcess peer, int warmup, int timed, int block)
            throws PeerException {
        int index = 0;
        for (; index < warmup; index++) {
            ours.run(index);
        }
        if (peer != null) {
            peer.steps(warmup);
            peer.matmul(2);
        }
        int turns = (timed + block - 1) / block;
        double[] ourMs = new double[timed];
        double[] peerMs = new double[peer == null ? 0 : timed];
        double[] ourRates = new double[turns];
        double[] peerRates = new double[peer == null ? 0 : turns];
        int done = 0;
        for (int turn = 0; turn < turns; turn++) {
            int n = Math.min(block, timed - done);
            boolean peerFirst = peer != null && turn % 2 == 1;
            if (peerFirst) {
                peerTurn(peer, n, done, peerMs, peerRates, turn);
            }
            ourMatmul.getAsDouble();
            ourRates[turn] = ourMatmul.getAsDouble();
            for (int i = 0; i < n; i++, index++) {
                long t0 = System.nanoTime();
                ours.run(index);
                ourMs[done + i] = (System.nanoTime() - t0) / 1e6;
            }
            if (peer != null && !peerFirst) {
                peerTurn(peer, n, done, peerMs, peerRates, turn);
            }
            done += n;
        }
        return new Result(new Side(ourMs, ourRates), peer == null ? null : new Side(peerMs, peerRates));
    }

    private static void peerTurn(PeerProcess peer, int n, int done, double[] ms, double[] rates, int turn) throws PeerException {
        double[] rate = peer.matmul(2);
        rates[turn] = rate[1];
        System.arraycopy(peer.steps(n), 0, ms, done, n);
    }
}
