package org.vsclab.sweep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vsclab.spi.RunStatus;

/**
 * A sweep's reconciled state: every point's, and the aggregate over the finished ones.
 *
 * @param points each point's state, in grid order
 * @param aggregate mean and std over seeds per group
 */
public record SweepStatus(List<PointStatus> points, Aggregate aggregate) {

    /** Copies the list. */
    public SweepStatus {
        points = List.copyOf(points);
    }

    /** Returns how many points are in each state. */
    public Map<PointState, Integer> counts() {
        Map<PointState, Integer> counts = new EnumMap<>(PointState.class);
        points.forEach(p -> counts.merge(p.state(), 1, Integer::sum));
        return counts;
    }

    /** Tells whether some point is pending or running. */
    public boolean inFlight() {
        return points.stream().anyMatch(p -> p.state().inFlight());
    }

    /** Tells whether every point finished. */
    public boolean allFinished() {
        return points.stream().allMatch(p -> p.state() == PointState.FINISHED);
    }

    /** Describes the counts, e.g. "3 finished, 1 running" (states in lifecycle order). */
    public String summary() {
        List<String> parts = new ArrayList<>();
        counts().forEach((state, n) -> parts.add(n + " " + state.label()));
        return String.join(", ", parts);
    }

    /**
     * Returns the status the parent ends with once nothing is in flight: FINISHED when every point
     * finished; KILLED when the sweep was stopped or cancelled, or its unfinished points were killed
     * or lost; FAILED when a point failed.
     *
     * @param stopped whether the user stopped or cancelled the sweep
     * @return the status
     */
    public RunStatus endStatus(boolean stopped) {
        if (allFinished()) {
            return RunStatus.FINISHED;
        }
        if (stopped) {
            return RunStatus.KILLED;
        }
        return points.stream().anyMatch(p -> p.state() == PointState.FAILED) ? RunStatus.FAILED : RunStatus.KILLED;
    }
}
