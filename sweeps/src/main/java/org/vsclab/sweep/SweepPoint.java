package org.vsclab.sweep;

import java.util.List;

/**
 * One point of a sweep, as recorded when the sweep was created (the parent run's {@code
 * sweep/plan.json}): what it overrides, who it is, and the configuration it runs with, frozen, so a
 * point queued for days runs what was validated, whatever happens to the experiment file meanwhile.
 *
 * @param index its position in the grid, from 0 (also its Slurm array index)
 * @param overrides its {@code key=value} overrides, in axis order
 * @param id its identity (see {@link PointIds}): the same configuration always has the same id, in any grid
 * @param group the identity of its group: the points that differ from it only in their seed
 * @param groupLabel the overrides without the seed, space-separated ("" when only the seed varies)
 * @param seed its seed
 * @param config its fully resolved configuration (HOCON, as {@code config.conf} records it)
 */
public record SweepPoint(int index, List<String> overrides, String id, String group, String groupLabel, long seed,
        String config) {

    /** Copies the overrides. */
    public SweepPoint {
        overrides = List.copyOf(overrides);
    }

    /** Returns the overrides as one line, e.g. "model.prior=gaussian seed=1". */
    public String label() {
        return String.join(" ", overrides);
    }
}
