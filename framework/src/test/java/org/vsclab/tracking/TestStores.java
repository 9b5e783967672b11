package org.vsclab.tracking;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Test doubles for the file store: a settable clock and scripted ids. */
final class TestStores {

    /** 2025-11-27T08:00:00Z, the start time used in mlflow.md's examples. */
    static final long T0 = 1764230400000L;

    private TestStores() {}

    /** A clock whose time the test sets. */
    static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void set(long newMillis) {
            this.millis = newMillis;
        }

        void advance(long deltaMillis) {
            this.millis += deltaMillis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    /** Ids handed out in order; fails when a list runs out. */
    static final class ScriptedIds implements IdSource {
        private final Deque<String> runIds;
        private final Deque<String> experimentIds;

        ScriptedIds(List<String> experimentIds, List<String> runIds) {
            this.experimentIds = new ArrayDeque<>(experimentIds);
            this.runIds = new ArrayDeque<>(runIds);
        }

        @Override
        public String newRunId() {
            if (runIds.isEmpty()) {
                throw new IllegalStateException("test ran out of run ids");
            }
            return runIds.removeFirst();
        }

        @Override
        public String newExperimentId() {
            if (experimentIds.isEmpty()) {
                throw new IllegalStateException("test ran out of experiment ids");
            }
            return experimentIds.removeFirst();
        }
    }

    /** A run id made of one repeated hex digit plus a counter, e.g. {@code runId('a', 1)}. */
    static String runId(char digit, int n) {
        String suffix = String.format("%04x", n);
        return String.valueOf(digit).repeat(32 - suffix.length()) + suffix;
    }

    /** A tracker on {@code root} with the given clock and scripted ids. */
    static FileStoreTracker tracker(Path root, Clock clock, List<String> experimentIds, List<String> runIds) {
        return new FileStoreTracker(root, clock, new ScriptedIds(experimentIds, runIds));
    }
}
