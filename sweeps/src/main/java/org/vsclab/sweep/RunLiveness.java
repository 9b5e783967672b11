package org.vsclab.sweep;

import java.util.Optional;
import org.vsclab.run.Provenance;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * Whether the process that records a RUNNING run is still alive, from the host and process id the
 * run carries ({@code vsc.host}, {@code vsc.pid}). Only a process on this host can be checked; of
 * one elsewhere (a cluster node) nothing is known here, and the scheduler must tell.
 */
final class RunLiveness {

    /** Tag: the host of the run's process. */
    static final String HOST = Provenance.HOST_TAG;
    /** Tag: the run's process id. */
    static final String PID = Provenance.PID_TAG;

    private RunLiveness() {}

    /** Tells whether the run's process ran on this host. */
    static boolean onThisHost(RunSummary run) {
        return Provenance.processTags().get(HOST).equals(run.tags().get(HOST));
    }

    /** Returns the run's process, if it runs on this host and is alive. */
    static Optional<ProcessHandle> process(RunSummary run) {
        if (!onThisHost(run)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(run.tags().getOrDefault(PID, ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /**
     * Tells why a RUNNING run is lost: its process on this host is gone.
     *
     * @param run the run
     * @return the reason, or empty if it is not RUNNING, its process is alive, or it runs elsewhere
     */
    static Optional<String> lost(RunSummary run) {
        if (run.status() != RunStatus.RUNNING || !onThisHost(run) || !run.tags().containsKey(PID)) {
            return Optional.empty();
        }
        return process(run).isPresent() ? Optional.empty()
                : Optional.of("process " + run.tags().get(PID) + " on " + run.tags().get(HOST) + " is gone");
    }
}
