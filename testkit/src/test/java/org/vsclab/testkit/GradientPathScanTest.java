package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytecode scan reports arithmetic with constants in the plugin's own classes, and nothing else. */
class GradientPathScanTest {

    @Test
    void findsArithmeticWithConstantsInTheClassesReachedButNotComparisonsOrLibraryCode() {
        List<GradientPathScan.Finding> findings = GradientPathScan.scan(ScanFixture.class);
        assertThat(findings).extracting(GradientPathScan.Finding::where, GradientPathScan.Finding::call).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("org.vsclab.testkit.ScanFixture#doubled", "NDArray.mul(Number)"),
                org.assertj.core.groups.Tuple.tuple("org.vsclab.testkit.ScanFixture#shifted", "NDArrays.add(NDArray, Number)"),
                org.assertj.core.groups.Tuple.tuple("org.vsclab.testkit.ScanFixture$Helper#halved", "NDArray.div(Number)"));
        GradientPathScan.Finding doubled = findings.stream().filter(f -> f.method().equals("doubled")).findFirst().orElseThrow();
        assertThat(doubled.source()).isEqualTo("ScanFixture.java");
        assertThat(doubled.line()).isEqualTo(13);
        assertThat(doubled.toString()).isEqualTo("org.vsclab.testkit.ScanFixture.doubled (ScanFixture.java:13) calls NDArray.mul(Number):"
                + " on the gradient path use org.vsclab.spi.Scalars (plus, minus, times, over, atLeast, atMost, clip)");
    }
}
