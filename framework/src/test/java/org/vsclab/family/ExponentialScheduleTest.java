package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.TrainingClock;
import org.vsclab.testing.FixedNoiseContext;
import org.vsclab.testing.TestEngine;

/** The temperature schedule in iterations (the paper) and as a fraction of the run. */
class ExponentialScheduleTest {

    @Test
    void papersTemperatureReachesItsFloorNearIteration1386() {
        try (NDManager manager = TestEngine.manager(0)) {
            ExponentialSchedule tau = new ExponentialSchedule(1.0, 0.5, 0.9995, null, 0.01);
            FixedNoiseContext c = new FixedNoiseContext(manager);
            assertThat(tau.value(c.at(new TrainingClock(0, 240_000, 0)))).isEqualTo(1.0);
            assertThat(tau.value(c.at(new TrainingClock(1000, 240_000, 0)))).isCloseTo(Math.pow(0.9995, 1000), within(1e-12));
            assertThat(tau.value(c.at(new TrainingClock(1385, 240_000, 0)))).isGreaterThan(0.5);
            assertThat(tau.value(c.at(new TrainingClock(1387, 240_000, 0)))).isEqualTo(0.5);
            assertThat(tau.value(c.training(false))).isEqualTo(0.01);
        }
    }

    @Test
    void aFractionOfTheRunScalesTheRate() {
        try (NDManager manager = TestEngine.manager(0)) {
            ExponentialSchedule tau = new ExponentialSchedule(1.0, 0.005, 0.9995, new StepPoint(0, 0.5, true), 0.01);
            FixedNoiseContext c = new FixedNoiseContext(manager);
            assertThat(tau.value(c.at(new TrainingClock(250, 1000, 0)))).isCloseTo(Math.sqrt(0.005), within(1e-9));
            assertThat(tau.value(c.at(new TrainingClock(500, 1000, 0)))).isCloseTo(0.005, within(1e-12));
            assertThat(tau.value(c.at(new TrainingClock(5000, 10000, 0)))).isCloseTo(0.005, within(1e-12));
        }
    }
}
