package org.vsclab.sweep;

import java.util.Map;
import java.util.TreeMap;

/**
 * One launch of some of a sweep's points (the first submission, then each {@code vsc sweep resume}),
 * as recorded in the parent run's {@code sweep/submissions.json}.
 *
 * @param number 1 for the first submission, then 2, 3, ...
 * @param launcher {@code local} or {@code slurm}
 * @param submittedAt ISO-8601 instant
 * @param attempts the points launched (by index) and which attempt of each point this is (1 = first)
 * @param job the Slurm array job's id, or null (local, or not yet known)
 * @param collector the Slurm job that reconciles the sweep after the array, or null
 * @param logDir where the tasks' logs (and the Slurm job script) are
 * @param parallel the concurrency cap (0: none)
 */
public record Submission(int number, String launcher, String submittedAt, Map<Integer, Integer> attempts, String job,
        String collector, String logDir, int parallel) {

    /** Copies the attempts, sorted by point index. */
    public Submission {
        attempts = java.util.Collections.unmodifiableMap(new TreeMap<>(attempts));
    }

    /** Returns this submission with the Slurm jobs that run it. */
    public Submission withJobs(String arrayJob, String collectorJob) {
        return new Submission(number, launcher, submittedAt, attempts, arrayJob, collectorJob, logDir, parallel);
    }

    /** Tells whether this submission launched a point. */
    public boolean includes(int index) {
        return attempts.containsKey(index);
    }
}
