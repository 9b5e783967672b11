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

    @Test
    void aPluginWhoseFactoryIsALambdaIsScannedWhole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path jar = tmp.resolve("lambda.jar");
        org.vsclab.testing.PluginJars.build(jar, java.util.Map.of("com.example.lambda.LambdaPlugin", """
                package com.example.lambda;
                import ai.djl.ndarray.NDArray;
                import org.vsclab.plugin.*;
                public final class LambdaPlugin extends VscPlugin {
                    @Override protected void configure() {
                        register(ComponentKind.PRIOR, "lambda-prior", ComponentFactory.<org.vsclab.spi.VariationalFamily>of("a lambda", (s, c) -> {
                            twice(c.manager().ones(new ai.djl.ndarray.types.Shape(1)));
                            return null;
                        }));
                    }
                    static NDArray twice(NDArray x) { return x.mul(2); }
                }
                """), "com.example.lambda.LambdaPlugin", "", org.vsclab.plugin.VscPlugin.class, ai.djl.ndarray.NDArray.class,
                com.google.inject.AbstractModule.class, com.typesafe.config.Config.class);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(GradientPathScan.scanAll(jar, loader)).extracting(GradientPathScan.Finding::where, GradientPathScan.Finding::call)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("com.example.lambda.LambdaPlugin#twice", "NDArray.mul(Number)"));
        }
    }
}
