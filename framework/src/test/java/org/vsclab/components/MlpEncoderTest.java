package org.vsclab.components;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.Param;
import org.vsclab.testing.TestEngine;

/** The MLP encoder's architecture and initialisation (method.md §12.1, §12.6). */
class MlpEncoderTest {

    private static final List<Integer> PAPER = List.of(512, 1024, 512, 256);  // after the input D = 256

    private static List<HeadSpec> heads(String... names) {
        return java.util.Arrays.stream(names).map(n -> new HeadSpec(n, n)).toList();
    }

    @Test
    void paperArchitectureHasThePublishedParameterCount() {
        try (NDManager manager = TestEngine.manager(0)) {
            MlpEncoder encoder = new MlpEncoder(manager, 256, PAPER, heads("loc", "log-scale", "alpha", "beta"), 256);
            // method.md §12.1: 1,313,024 in the trunk plus 4 × 65,792 in the heads.
            assertThat(encoder.parameterCount()).isEqualTo(1_576_192L);
        }
    }

    @Test
    void producesOneBatchByLatentArrayPerHead() {
        try (NDManager manager = TestEngine.manager(0)) {
            MlpEncoder encoder = new MlpEncoder(manager, 8, List.of(16), heads("loc", "log-scale"), 5);
            Heads out = encoder.encode(manager.randomNormal(new Shape(3, 8)), true);
            assertThat(out.asMap().keySet()).containsExactly("loc", "log-scale");
            assertThat(out.get("loc").getShape()).isEqualTo(new Shape(3, 5));
            assertThat(out.get("log-scale").getShape()).isEqualTo(new Shape(3, 5));
        }
    }

    @Test
    void initialisationIsPyTorchsDefaultUniformFanIn() {
        try (NDManager manager = TestEngine.manager(0)) {
            MlpEncoder encoder = new MlpEncoder(manager, 400, List.of(300), heads("loc"), 50);
            for (Param p : encoder.parameters()) {
                long fanIn = p.name().startsWith("trunk") ? 400 : 300;
                double bound = 1 / Math.sqrt(fanIn);
                float[] v = p.value().toFloatArray();
                double max = 0;
                double sumSquares = 0;
                for (float x : v) {
                    max = Math.max(max, Math.abs(x));
                    sumSquares += x * x;
                }
                assertThat(max).as(p.name()).isLessThanOrEqualTo(bound);
                if (v.length > 1000) {
                    // U(−a, a) has variance a²/3.
                    assertThat(sumSquares / v.length).as(p.name()).isBetween(bound * bound / 3 * 0.95, bound * bound / 3 * 1.05);
                }
                assertThat(p.value().hasGradient()).isTrue();
            }
        }
    }
}
