package org.vsclab.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigError;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.Settings;
import org.vsclab.spi.TrainingClock;

/** Warm-up ramps in iterations (the paper) or as a fraction of the run. */
class RampTest {

    private static Settings ramp(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("tags.ramp.enabled=true", "tags.ramp.from=0.1", "tags.ramp.to=1.0"));
        all.addAll(List.of(overrides));
        // tags.* is free-form, which makes it a convenient scratch namespace for this test.
        return new ConfigLoader(RampTest.class.getClassLoader()).load(Optional.empty(), all).settings().at("tags.ramp");
    }

    @Test
    void papersWarmupInIterations() {
        Ramp r = Ramp.read(ramp("tags.ramp.begin=1500", "tags.ramp.end=6000"));
        assertThat(r.value(new TrainingClock(0, 240_000, 0))).isEqualTo(0.1);
        assertThat(r.value(new TrainingClock(1500, 240_000, 1))).isEqualTo(0.1);
        assertThat(r.value(new TrainingClock(3750, 240_000, 4))).isCloseTo(0.55, within(1e-12));
        // +2e-4 per iteration from 1500, as in the reference
        assertThat(r.value(new TrainingClock(1600, 240_000, 2)) - r.value(new TrainingClock(1599, 240_000, 2))).isCloseTo(2e-4, within(1e-12));
        assertThat(r.value(new TrainingClock(6000, 240_000, 7))).isEqualTo(1.0);
    }

    @Test
    void fractionsScaleWithTheRun() {
        Ramp r = Ramp.read(ramp("tags.ramp.begin=\"10%\"", "tags.ramp.end=\"50%\""));
        assertThat(r.value(new TrainingClock(99, 1000, 0))).isEqualTo(0.1);
        assertThat(r.value(new TrainingClock(300, 1000, 0))).isCloseTo(0.55, within(1e-12));
        assertThat(r.value(new TrainingClock(3000, 10000, 0))).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void disabledRampSitsAtItsEndValue() {
        Ramp r = Ramp.read(ramp("tags.ramp.enabled=false", "tags.ramp.begin=0", "tags.ramp.end=0"));
        assertThat(r.value(new TrainingClock(0, 10, 0))).isEqualTo(1.0);
    }

    @Test
    void badPointsAreRejectedWithTheKey() {
        assertThatThrownBy(() -> Ramp.read(ramp("tags.ramp.begin=soon", "tags.ramp.end=10")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("tags.ramp.begin").hasMessageContaining("percentage");
        assertThatThrownBy(() -> Ramp.read(ramp("tags.ramp.begin=100", "tags.ramp.end=10")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("tags.ramp.end");
    }
}
