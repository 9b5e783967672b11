package org.vsclab.bench;

/**
 * One whole-workload benchmark, run by {@code vsc bench <name>}: it prints its figures as it goes and
 * returns a one-line summary. Implementations are listed in
 * {@code META-INF/services/org.vsclab.bench.Workload}; adding a workload is adding one class.
 */
public interface Workload {

    /** Returns the name users pass to {@code vsc bench}. */
    String name();

    /** Returns one line saying what is measured. */
    String description();

    /**
     * Returns whether the workload has a PyTorch peer ({@code vsc bench <name> --peer}): the same step
     * written in PyTorch, timed interleaved with ours ({@link org.vsclab.bench.peer.SideBySide}).
     */
    default boolean hasPeer() {
        return false;
    }

    /**
     * Runs the benchmark.
     *
     * @param context options, plugins and output
     * @return the figures and the summary line
     * @throws Exception if the workload cannot run
     */
    BenchResult run(BenchContext context) throws Exception;
}
