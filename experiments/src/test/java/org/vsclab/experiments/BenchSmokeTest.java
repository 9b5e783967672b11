package org.vsclab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vsclab.testing.VscCli;

/**
 * Benchmarks are not unit tests: CI only checks that {@code vsc bench --smoke} runs every benchmark
 * for a few iterations and prints its summary line.
 */
class BenchSmokeTest {

    @Test
    void everyBenchmarkRunsAndPrintsItsSummary() {
        VscCli.Output listing = VscCli.run("bench");
        assertThat(listing.code()).isZero();
        assertThat(listing.out()).contains("linear-step").contains("linear-step-memory").contains("inference").contains("fista");

        VscCli.Output smoke = VscCli.run("bench", "--smoke");
        assertThat(smoke.code()).as(smoke.err()).isZero();
        assertThat(smoke.out())
                .containsPattern("(?m)^linear-step: median [0-9.]+ ms/step over 5 steps, [0-9.]+ GFLOP/s = [0-9]+% of the interleaved-measured")
                .containsPattern("(?m)^linear-step-memory: resident [0-9]+ MB after 20 steps")
                .containsPattern("(?m)^inference: encoder J=20\\+selection [0-9]+ codes/s")
                .containsPattern("(?m)^inference-patches: encoder J=20\\+selection [0-9]+ codes/s")
                .containsPattern("(?m)^fista: [0-9.]+ ms per batch of 100 for 20 iterations");
    }

    @Test
    void thePeerIsRefusedForABenchmarkThatHasNone() {
        VscCli.Output o = VscCli.run("bench", "fista", "--peer");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("error: --peer: benchmark fista has no PyTorch peer; --peer works with fmnist-step, linear-step");
    }

    @Test
    void unknownBenchmarkListsTheAvailableOnes() {
        VscCli.Output o = VscCli.run("bench", "linear-stp");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("unknown benchmark 'linear-stp'").contains("fista, fmnist-step, inference, inference-patches, linear-step, linear-step-memory");
    }
}
