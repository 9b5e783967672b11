package org.vsclab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.plugin.ComponentKind;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.run.ExperimentBuilder;
import org.vsclab.spi.CodeSample;
import org.vsclab.spi.HeadSpec;
import org.vsclab.spi.Heads;
import org.vsclab.spi.SamplingContext;
import org.vsclab.spi.TrainingClock;
import org.vsclab.spi.VariationalFamily;
import org.vsclab.testing.Stats;
import org.vsclab.testing.TestEngine;
import org.vsclab.components.LinearDictionary;
import org.vsclab.components.MaxElboSelector;
import org.vsclab.components.MlpEncoder;
import org.vsclab.train.ForwardPass;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.Engines;

/**
 * The conformance suite of a variational-family plugin. Extend it, name your prior, and describe
 * where its posterior equals its prior and how to draw one log-ratio for the KL check:
 *
 * <pre>{@code
 * class MyPriorConformanceTest extends VariationalFamilyConformance {
 *     protected String priorName() { return "my-prior"; }
 *     protected Map<String, Double> priorHeads() { return Map.of("loc", 0.0, "log-scale", Math.log(0.1)); }
 *     protected double sampleLogRatio(Map<String, Double> h, SplittableRandom r) { ... one draw of ln q − ln p ... }
 * }
 * }</pre>
 *
 * <p>The family is built from configuration exactly as a run builds it (its {@code reference.conf} plus
 * {@link #settings()}). The suite checks: sample shapes and finiteness; determinism by seed;
 * reparameterised gradients against central finite differences (in float64) of a smooth function of
 * the samples and the KL; that the runtime can replay the max-ELBO sample exactly; KL ≥ 0, KL = 0 at the
 * prior, and the closed-form KL against a Monte-Carlo estimate within 4 standard errors; the declared
 * fraction of exact zeros against the empirical one within 4 standard errors; no NaN or Inf for heads in
 * [−10, 10] and for {@link #extremeSettings()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VariationalFamilyConformance {

    private static final long SEED = 20221;

    private NDManager manager;
    private ComponentRegistry registry;

    /** Returns the registered name of the prior under test. */
    protected abstract String priorName();

    /**
     * Returns raw head values at which the posterior equals the prior (KL must be 0), e.g. loc 0 and
     * log-scale ln b_p.
     */
    protected abstract Map<String, Double> priorHeads();

    /**
     * Draws one Monte-Carlo term of the family's KL: u ~ q(·|heads) and ln q(u) − ln p(u) (with any
     * family-internal weights the closed form carries, e.g. κ_Γ). Its mean must equal the KL the
     * family returns.
     *
     * @param heads raw head values for one latent
     * @param random the generator
     * @return one draw of the log-ratio
     */
    protected abstract double sampleLogRatio(Map<String, Double> heads, SplittableRandom random);

    /** Returns {@code key=value} settings for the family under test (default: its reference.conf). */
    protected List<String> settings() {
        return List.of();
    }

    /**
     * Returns settings under which samples are differentiable functions of the heads, for the
     * finite-difference check (e.g. the subgradient or relaxed estimator instead of a straight-through one).
     */
    protected List<String> gradientCheckSettings() {
        return settings();
    }

    /** Returns heads whose gradient is not pathwise (e.g. an implicitly reparameterised Gamma's), excluded from the finite-difference check. */
    protected Set<String> headsWithoutPathwiseGradient() {
        return Set.of();
    }

    /** Returns raw head values typical of training, for the KL checks (default: 0.3 for every head, −1 for log-scales/variances). */
    protected Map<String, Double> typicalHeads() {
        Map<String, Double> h = new LinkedHashMap<>();
        for (HeadSpec spec : family(settings()).heads()) {
            h.put(spec.name(), spec.name().startsWith("log") ? -1.0 : 0.3);
        }
        return h;
    }

    /**
     * Returns the head values at which the closed-form KL is checked against Monte Carlo (default:
     * {@link #typicalHeads()}); add points where each term of a composite KL dominates.
     */
    protected List<Map<String, Double>> klCheckHeads() {
        return List.of(typicalHeads());
    }

    /** Returns further settings to try at extremes (e.g. a tiny and a huge λ); each must stay finite. */
    protected List<List<String>> extremeSettings() {
        return List.of();
    }

    @BeforeAll
    final void startEngine() {
        manager = TestEngine.manager(SEED);
        registry = PluginLoader.load(List.of());
    }

    @AfterAll
    final void stopEngine() {
        manager.close();
    }

    /** Builds the family under test from configuration. */
    protected final VariationalFamily family(List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        all.add("model.latent-dim=8");
        ExperimentConfig config = new ConfigLoader(registry.classLoader()).load(Optional.empty(), all);
        return new ExperimentBuilder(registry).buildComponent(config, ComponentKind.PRIOR, priorName(), manager, 4, List.of());
    }

    private SamplingContext context(long seed, boolean training) {
        Engines.seed(seed);
        return new EngineSamplingContext(manager, new TrainingClock(0, 1, 0), training, new SplittableRandom(seed));
    }

    private Heads heads(VariationalFamily family, Map<String, Double> values, long rows, long cols, DataType type) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (HeadSpec spec : family.heads()) {
            Double v = values.get(spec.name());
            assertThat(v).as("value for head '%s'", spec.name()).isNotNull();
            arrays.put(spec.name(), manager.full(new Shape(rows, cols), v.floatValue(), type));
        }
        return new Heads(arrays);
    }

    private Heads randomHeads(VariationalFamily family, long rows, long cols, double low, double high, DataType type) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (HeadSpec spec : family.heads()) {
            arrays.put(spec.name(), manager.randomUniform((float) low, (float) high, new Shape(rows, cols)).toType(type, false));
        }
        return new Heads(arrays);
    }

    @Test
    void samplesHaveTheDeclaredShapesAndAreFinite() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            assertThat(family.heads()).extracting(HeadSpec::name).doesNotHaveDuplicates().contains(HeadSpec.LOC);
            CodeSample s = family.sample(randomHeads(family, 3, 4, -1, 1, DataType.FLOAT32), 5, context(1, true));
            assertThat(s.codes().getShape()).isEqualTo(new Shape(3, 5, 4));
            Shape kl = s.kl().getShape();
            assertThat(kl.dimension()).isEqualTo(3);
            assertThat(kl.get(0)).isEqualTo(3);
            assertThat(kl.get(1)).isIn(1L, 5L);
            assertThat(kl.get(2)).isEqualTo(4);
            assertFinite(s.codes(), "codes");
            assertFinite(s.kl(), "kl");
            double prior = family.priorNonZeroFraction();
            assertThat(prior).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            Heads h = randomHeads(family, 2, 4, -1, 1, DataType.FLOAT32);
            float[] a = family.sample(h, 6, context(7, true)).codes().toFloatArray();
            float[] b = family.sample(h, 6, context(7, true)).codes().toFloatArray();
            float[] c = family.sample(h, 6, context(8, true)).codes().toFloatArray();
            assertThat(b).containsExactly(a);
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(gradientCheckSettings());
            int rows = 2;
            int cols = 3;
            int samples = 3;
            Heads base = randomHeads(family, rows, cols, -0.8, 0.8, DataType.FLOAT64);
            NDArray weights = manager.randomUniform(-1f, 1f, new Shape(rows, samples, cols)).toType(DataType.FLOAT64, false);
            for (HeadSpec spec : family.heads()) {
                if (headsWithoutPathwiseGradient().contains(spec.name())) {
                    continue;
                }
                NDArray head = base.get(spec.name());
                head.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(objective(family, base, weights, samples));
                }
                double[] analytic = head.getGradient().toDoubleArray();
                head.setRequiresGradient(false);
                double[] values = head.toDoubleArray();
                double h = 1e-5;
                for (int i = 0; i < values.length; i++) {
                    double[] plus = values.clone();
                    plus[i] += h;
                    double[] minus = values.clone();
                    minus[i] -= h;
                    double numeric = (evaluate(family, base, spec.name(), plus, weights, samples)
                            - evaluate(family, base, spec.name(), minus, weights, samples)) / (2 * h);
                    assertThat(analytic[i]).as("∂f/∂%s[%d]: autodiff vs finite difference", spec.name(), i)
                            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(numeric))));
                }
            }
        }
    }

    private double evaluate(VariationalFamily family, Heads base, String name, double[] values, NDArray weights, int samples) {
        Map<String, NDArray> arrays = new LinkedHashMap<>(base.asMap());
        arrays.put(name, manager.create(values, base.get(name).getShape()));
        return objective(family, new Heads(arrays), weights, samples).getDouble();
    }

    /** A smooth function of the samples and the KL: Σ w·sin(z) + Σ KL, with the noise fixed by the seed. */
    private NDArray objective(VariationalFamily family, Heads heads, NDArray weights, int samples) {
        CodeSample s = family.sample(heads, samples, context(3, true));
        return s.codes().sin().mul(weights).sum().add(s.kl().sum());
    }

    @Test
    void theSelectedSampleReplaysExactly() {
        // The runtime back-propagates only the max-ELBO sample by replaying its draws; the model checks
        // that the family draws the same way twice and reproduces the scored sample, and throws if not.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            SparseCodingModel model = SparseCodingModel.builder()
                    .setEncoder(new MlpEncoder(manager, 6, List.of(8), family.heads(), 4)).setFamily(family)
                    .setGenerator(new LinearDictionary(manager, 6, 4, 0.5, 0.99, 1e-4, false)).setSelector(new MaxElboSelector())
                    .setSampleShape(new Shape(6)).optSamples(5).optKlWeight(0.01).build();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ForwardPass pass = model.forward(manager.randomNormal(new Shape(3, 6)), context(4, true));
                gc.backward(pass.loss());
                assertThat(pass.selected()).isPresent();
            }
            for (var p : model.trainableParameters()) {
                assertFinite(p.value().getGradient(), "gradient of " + p.name());
            }
        }
    }

    @Test
    void klIsNonNegative() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            CodeSample s = family.sample(randomHeads(family, 50, 8, -3, 3, DataType.FLOAT64), 1, context(2, true));
            assertThat(s.kl().min().getDouble()).as("smallest KL").isGreaterThanOrEqualTo(-1e-9);
        }
    }

    @Test
    void klIsZeroWhenThePosteriorIsThePrior() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            CodeSample s = family.sample(heads(family, priorHeads(), 1, 1, DataType.FLOAT64), 1, context(2, true));
            assertThat(s.kl().getDouble(0, 0, 0)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void closedFormKlMatchesMonteCarlo() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            for (Map<String, Double> values : klCheckHeads()) {
                double closed = family.sample(heads(family, values, 1, 1, DataType.FLOAT64), 1, context(2, true)).kl().getDouble(0, 0, 0);
                int n = 1_000_000;
                SplittableRandom random = new SplittableRandom(SEED);
                double sum = 0;
                double sumSquares = 0;
                for (int i = 0; i < n; i++) {
                    double t = sampleLogRatio(values, random);
                    sum += t;
                    sumSquares += t * t;
                }
                double mean = sum / n;
                Stats.assertMean("Monte-Carlo KL at " + values, mean, Math.sqrt(Math.max(0, sumSquares / n - mean * mean)), closed, n);
            }
        }
    }

    @Test
    void declaredZeroFractionMatchesSamples() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            Heads h = randomHeads(family, 4, 8, -1.5, 1, DataType.FLOAT32);
            SamplingContext context = context(5, true);
            int samples = 5_000;
            double declared = family.zeroProbability(h, context).mean().toType(DataType.FLOAT64, false).getDouble();
            NDArray codes = family.sample(h, samples, context).codes();
            double empirical = codes.eq(0).toType(DataType.FLOAT64, false).mean().getDouble();
            Stats.assertProportion("fraction of exact zeros", empirical, declared, codes.size());
        }
    }

    @Test
    void staysFiniteForExtremeHeads() {
        List<List<String>> all = new ArrayList<>();
        all.add(settings());
        all.addAll(extremeSettings());
        double[] grid = {-10, -5, 0, 5, 10};
        for (List<String> setting : all) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                VariationalFamily family = family(setting);
                int n = grid.length;
                int combos = (int) Math.pow(n, family.heads().size());
                double[][] columns = new double[family.heads().size()][combos];
                for (int c = 0; c < combos; c++) {
                    int rest = c;
                    for (int hIndex = 0; hIndex < columns.length; hIndex++) {
                        columns[hIndex][c] = grid[rest % n];
                        rest /= n;
                    }
                }
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                for (int hIndex = 0; hIndex < columns.length; hIndex++) {
                    arrays.put(family.heads().get(hIndex).name(), manager.create(columns[hIndex], new Shape(combos, 1)).toType(DataType.FLOAT32, false));
                }
                Heads h = new Heads(arrays);
                for (boolean training : new boolean[] {true, false}) {
                    CodeSample s = family.sample(h, 3, context(9, training));
                    assertFinite(s.codes(), "codes with " + setting + " over head values " + java.util.Arrays.toString(grid));
                    assertFinite(s.kl(), "kl with " + setting + " over head values " + java.util.Arrays.toString(grid));
                    assertFinite(family.zeroProbability(h, context(9, training)), "zero probability with " + setting);
                }
            }
        }
    }

    private static void assertFinite(NDArray array, String what) {
        NDArray bad = array.isNaN().logicalOr(array.isInfinite());
        assertThat(bad.any().getBoolean()).as("%s contains NaN or Inf", what).isFalse();
    }
}
