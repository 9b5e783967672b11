package org.vsclab.plugins.thresholdedlaplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vsclab.config.ConfigLoader;
import org.vsclab.family.StandardDraws;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.Heads;
import org.vsclab.spi.TrainingClock;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;
import org.vsclab.train.EngineSamplingContext;

/**
 * The paper's key identity (method.md §4.4): thresholded-Laplace samples are exactly spike-and-slab,
 * P(z = 0) = 1 − e^{−λ/b} and the non-zeros are Laplace(μ, b). Checked on the plugin as configured
 * (μ = 0.7, b = 1, λ = 0.5), with a one-sample Kolmogorov–Smirnov test at significance 0.001 and a
 * fixed seed.
 */
class SpikeAndSlabIdentityTest {

    /** The KS critical value c(α) = √(−ln(α/2)/2) for α = 0.001. */
    private static final double KS_CRITICAL = Math.sqrt(-Math.log(0.001 / 2) / 2);

    @Test
    void thresholdedLaplaceIsSpikeAndSlabWithALaplaceSlab() {
        ComponentRegistry registry = PluginLoader.load(List.of());
        try (NDManager manager = TestEngine.manager(42)) {
            var config = new ConfigLoader(registry.classLoader()).load(Optional.empty(),
                    List.of("priors.thresholded-laplacian.lambda=0.5", "priors.thresholded-laplacian.warmup.enabled=false"));
            VariationalFamily family = new ExperimentBuilder(registry).buildComponent(config, ComponentKind.PRIOR,
                    "thresholded-laplacian", manager, 1, List.of());
            int n = 400_000;
            Heads heads = new Heads(Map.of("loc", manager.full(new Shape(1, 1), 0.7f), "log-scale", manager.zeros(new Shape(1, 1))));
            NDArray codes = family.sample(heads, n, new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), true,
                    new SplittableRandom(42))).codes();
            float[] z = codes.toFloatArray();
            double[] slab = new double[n];
            int m = 0;
            for (float v : z) {
                if (v != 0) {
                    slab[m++] = v;
                }
            }
            Stats.assertProportion("P(z ≠ 0)", (double) m / n, Math.exp(-0.5), n);

            double[] sorted = Arrays.copyOf(slab, m);
            Arrays.sort(sorted);
            double d = 0;
            for (int i = 0; i < m; i++) {
                double cdf = laplaceCdf(sorted[i], 0.7, 1.0);
                d = Math.max(d, Math.max(cdf - (double) i / m, (double) (i + 1) / m - cdf));
            }
            assertThat(d * Math.sqrt(m)).as("KS statistic √n·D against Laplace(0.7, 1) (reject above %.3f)", KS_CRITICAL)
                    .isLessThan(KS_CRITICAL);
        }
    }

    private static double laplaceCdf(double x, double mu, double b) {
        return x < mu ? 0.5 * Math.exp((x - mu) / b) : 1 - 0.5 * Math.exp(-(x - mu) / b);
    }

    @Test
    void theKsTestRejectsTheWrongSlab() {
        // The same statistic against Laplace(0.7, 1.1) must reject: the test has power at this n.
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.7 + StandardDraws.laplace(random);
        }
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = laplaceCdf(x[i], 0.7, 1.1);
            d = Math.max(d, Math.max(cdf - (double) i / n, (double) (i + 1) / n - cdf));
        }
        assertThat(d * Math.sqrt(n)).isGreaterThan(KS_CRITICAL);
    }
}
