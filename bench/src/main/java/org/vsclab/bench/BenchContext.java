package org.vsclab.bench;

import java.io.PrintWriter;
import java.util.Optional;
import org.vsclab.bench.peer.PeerPython;
import org.vsclab.plugin.ComponentRegistry;

/**
 * What a {@link Workload} gets.
 *
 * @param registry the loaded plugins (workloads build their components from config, like runs)
 * @param smoke whether to run only a few iterations (CI checks that every workload runs)
 * @param steps an explicit iteration count, or 0 for the workload's default
 * @param out where to print figures
 * @param peerPython the interpreter of the PyTorch peer when {@code --peer} was given, else null
 */
public record BenchContext(ComponentRegistry registry, boolean smoke, int steps, PrintWriter out, PeerPython peerPython) {

    /** Returns the peer's interpreter, if the user asked for the peer ({@code --peer}). */
    public Optional<PeerPython> peer() {
        return Optional.ofNullable(peerPython);
    }

    /**
     * Returns the iteration count to use.
     *
     * @param full the workload's default
     * @param smokeCount the count in smoke mode
     * @return the count
     */
    public int iterations(int full, int smokeCount) {
        return steps > 0 ? steps : smoke ? smokeCount : full;
    }
}
