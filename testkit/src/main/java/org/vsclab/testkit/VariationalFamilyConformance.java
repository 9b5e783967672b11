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
import org.vsclab.components.LinearDictionary;
import org.vsclab.components.MaxElboSelector;
import org.vsclab.components.MlpEncoder;
import org.vsclab.config.ConfigLoader;
import org.vsclab.config.ExperimentConfig;
import org.vsclab.config.Settings;
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
import org.vsclab.train.EngineSamplingContext;
import org.vsclab.train.Engines;
import org.vsclab.train.ForwardPass;
import org.vsclab.train.SparseCodingModel;

/**
 * The conformance suite of a variational-family plugin. Extend it, name your prior, say where its
 * posterior equals its prior, and give the log-density ratio whose mean is its KL:
 *
 * <pre>{@code
 * class MyPriorConformanceTest extends VariationalFamilyConformance {
 *     protected String priorName() { return "my-prior"; }
 *     protected Map<String, Double> priorHeads() { return Map.of("loc", 0.0, "log-scale", Math.log(0.1)); }
 *     protected double logRatio(Map<String, Double> h, Draw d) {   // ln q(z) − ln p(z) for a code the family drew
 *         return Densities.laplace(d.code(), h.get("loc"), Math.exp(h.get("log-scale"))) - Densities.laplace(d.code(), 0, 0.1);
 *     }
 *     protected List<String> klCheckSettings() { return List.of("priors.my-prior.lambda=0"); }  // thresholded: codes = u
 * }
 * }</pre>
 *
 * <p>The family is built from configuration exactly as a run builds it (its {@code reference.conf} plus
 * {@link #settings()}). The suite checks:
 * <ul>
 *   <li>sample shapes and finiteness; the same seed gives the same samples;
 *   <li>reparameterised gradients against central finite differences (in float64) of a smooth function
 *       of the samples and the KL;
 *   <li>that the runtime can replay the max-ELBO sample exactly (all randomness from the context);
 *   <li>KL ≥ 0 at random heads and just off the prior, within a tolerance derived from the KL's own
 *       rounding error (its float32 − float64 difference scaled to float64); KL = 0 at the prior;
 *   <li>the KL against a Monte-Carlo estimate of E[ln q(z) − ln p(z)] over <em>the family's own</em>
 *       samples z, within 4 standard errors (both sides' when the KL is itself a Monte-Carlo estimate);
 *   <li>that codes drawn at the prior have the target non-zero fraction (the calibration target when the
 *       threshold is calibrated), and the declared fraction of exact zeros against samples;
 *   <li>no NaN or Inf for heads in [−10, 10] and for {@link #extremeSettings()};
 *   <li>no {@code NDArray} arithmetic with {@code Number} arguments in the plugin's bytecode ({@link GradientPathScan}).
 * </ul>
 * A family whose KL is a Monte-Carlo estimate (it differs between seeds) gets the statistical forms of
 * the KL checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VariationalFamilyConformance {

    private static final long SEED = 20221;
    /** Unit roundoff of float64 over that of float32, 2⁻⁵³/2⁻²⁴: scales an observed float32 error to float64. */
    private static final double ROUNDOFF_RATIO = Math.scalb(1.0, -29);

    private NDManager manager;
    private ComponentRegistry registry;

    /**
     * One code a family drew, with the per-code values of its diagnostics (e.g. a learned threshold's
     * {@code lambda}), for {@link #logRatio}.
     *
     * @param code the code z
     * @param diagnostics each diagnostic of the sample at this code
     */
    public record Draw(double code, Map<String, Double> diagnostics) {

        /**
         * Returns a diagnostic's value at this code.
         *
         * @param name the diagnostic, e.g. {@code lambda}
         * @return its value
         */
        public double diagnostic(String name) {
            Double v = diagnostics.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the family's samples have no diagnostic '" + name + "'; they have " + diagnostics.keySet());
            }
            return v;
        }
    }

    /** Returns the registered name of the prior under test. */
    protected abstract String priorName();

    /**
     * Returns raw head values at which the posterior equals the prior (KL must be 0), e.g. loc 0 and
     * log-scale ln b_p.
     */
    protected abstract Map<String, Double> priorHeads();

    /**
     * Returns ln q(z | heads) − ln p(z) for one code z the family drew under {@link #klCheckSettings()}
     * (densities with respect to the same measure: a point mass at 0 counts as a probability), times any
     * family-internal weight its KL carries (e.g. κ_Γ). Its mean over the family's samples must equal the
     * KL the family returns; evaluating it needs no sampler of your own, so a family that samples wrongly
     * cannot agree with its KL.
     *
     * @param heads raw head values of the latent
     * @param draw the code and its diagnostics
     * @return the log-ratio
     */
    protected abstract double logRatio(Map<String, Double> heads, Draw draw);

    /** Returns {@code key=value} settings for the family under test (default: its reference.conf). */
    protected List<String> settings() {
        return List.of();
    }

    /**
     * Returns settings under which the family's codes follow the distribution its KL is about, for the
     * Monte-Carlo check (default {@link #settings()}). A thresholded family's KL is that of the
     * un-thresholded posterior: set its threshold to 0, e.g. {@code priors.my-prior.lambda=0}.
     */
    protected List<String> klCheckSettings() {
        return settings();
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
     * Returns the head values at which the KL is checked against Monte Carlo (default:
     * {@link #typicalHeads()}); add points where each term of a composite KL dominates.
     */
    protected List<Map<String, Double>> klCheckHeads() {
        return List.of(typicalHeads());
    }

    /** Returns further settings to try at extremes (e.g. a tiny and a huge λ); each must stay finite. */
    protected List<List<String>> extremeSettings() {
        return List.of();
    }

    /**
     * Returns the fraction of non-zero codes the family must have when its posterior is its prior (at
     * {@link #priorHeads()}, evaluation mode): by default the calibration target {@code target-sparsity}
     * when the family's namespace declares it and its {@code lambda} is null (λ calibrated), otherwise
     * {@link VariationalFamily#priorNonZeroFraction()}. Override it with the closed form when the prior's
     * marginal differs (e.g. a threshold drawn from a Gamma prior).
     *
     * @param family the family under test, built from {@link #settings()}
     * @return the expected non-zero fraction
     */
    protected double expectedPriorNonZeroFraction(VariationalFamily family) {
        Settings own = config(settings()).settings().at(ComponentKind.PRIOR.settingsPath(priorName()));
        if (own.root().hasPathOrNull(own.path("lambda")) && !own.has("lambda") && own.root().hasPath(own.path("target-sparsity"))) {
            return own.number("target-sparsity");
        }
        return family.priorNonZeroFraction();
    }

    /**
     * Returns methods of the plugin, as {@code com.example.MyBase#method}, that may use {@code NDArray}
     * arithmetic with {@code Number} arguments because nothing they compute carries a gradient (default: none).
     */
    protected Set<String> numberArithmeticAllowedIn() {
        return Set.of();
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

    /** Returns the configuration the family under test is built from. */
    protected final ExperimentConfig config(List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        all.add("model.latent-dim=8");
        return new ConfigLoader(registry.classLoader()).load(Optional.empty(), all);
    }

    /** Builds the family under test from configuration. */
    protected final VariationalFamily family(List<String> settings) {
        return new ExperimentBuilder(registry).buildComponent(config(settings), ComponentKind.PRIOR, priorName(), manager, 4, List.of());
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

    /** Heads of one column whose rows are the given points (head name → value per row). */
    private Heads rows(VariationalFamily family, List<Map<String, Double>> points, DataType type) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (HeadSpec spec : family.heads()) {
            double[] column = new double[points.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = points.get(i).get(spec.name());
            }
            arrays.put(spec.name(), manager.create(column, new Shape(column.length, 1)).toType(type, false));
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
            assertThat(s.codes().getShape()).as("codes of 3 data × 5 samples × 4 latents").isEqualTo(new Shape(3, 5, 4));
            Shape kl = s.kl().getShape();
            assertThat(kl.dimension()).as("rank of the KL").isEqualTo(3);
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
            assertThat(b).as("codes drawn twice with seed 7 (draw all randomness from the SamplingContext)").containsExactly(a);
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

    /** Returns whether the family's KL is a Monte-Carlo estimate: it differs between two seeds. */
    private boolean klIsStochastic(VariationalFamily family, Heads heads) {
        double[] a = family.sample(heads, 1, context(2, true)).kl().toDoubleArray();
        double[] b = family.sample(heads, 1, context(3, true)).kl().toDoubleArray();
        return !java.util.Arrays.equals(a, b);
    }

    /** Random heads in [−3, 3], and the prior's heads moved by 1e-4 … 0.3 in random directions. */
    private List<Map<String, Double>> nonNegativityPoints(VariationalFamily family) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Map<String, Double>> points = new ArrayList<>();
        List<String> names = family.heads().stream().map(HeadSpec::name).toList();
        for (int i = 0; i < 200; i++) {
            Map<String, Double> p = new LinkedHashMap<>();
            names.forEach(n -> p.put(n, random.nextDouble(-3, 3)));
            points.add(p);
        }
        Map<String, Double> prior = priorHeads();
        for (double radius : new double[] {1e-4, 1e-3, 1e-2, 1e-1, 0.3}) {
            for (int d = 0; d < 40; d++) {
                double[] direction = new double[names.size()];
                double norm = 0;
                for (int k = 0; k < direction.length; k++) {
                    direction[k] = org.vsclab.family.StandardDraws.normal(random);
                    norm += direction[k] * direction[k];
                }
                Map<String, Double> p = new LinkedHashMap<>();
                for (int k = 0; k < direction.length; k++) {
                    p.put(names.get(k), prior.get(names.get(k)) + radius * direction[k] / Math.sqrt(norm));
                }
                points.add(p);
            }
        }
        return points;
    }

    @Test
    void klIsNonNegativeAlsoJustOffThePrior() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            List<Map<String, Double>> points = nonNegativityPoints(family);
            if (klIsStochastic(family, rows(family, points, DataType.FLOAT64))) {
                // A Monte-Carlo KL may be negative in one estimate; its mean over 64 estimates may not.
                int replicates = 64;
                List<Map<String, Double>> replicated = new ArrayList<>();
                points.forEach(p -> java.util.Collections.nCopies(replicates, p).forEach(replicated::add));
                double[] kl = family.sample(rows(family, replicated, DataType.FLOAT64), 1, context(2, true)).kl().toDoubleArray();
                for (int i = 0; i < points.size(); i++) {
                    double[] estimates = java.util.Arrays.copyOfRange(kl, i * replicates, (i + 1) * replicates);
                    double mean = java.util.Arrays.stream(estimates).average().orElseThrow();
                    double sd = Math.sqrt(java.util.Arrays.stream(estimates).map(v -> (v - mean) * (v - mean)).sum() / (replicates - 1));
                    assertThat(mean).as("Monte-Carlo KL at %s: mean of %d estimates (sd %.3g)", points.get(i), replicates, sd)
                            .isGreaterThanOrEqualTo(-Stats.K * sd / Math.sqrt(replicates) - 1e-12);
                }
                return;
            }
            double[] kl64 = family.sample(rows(family, points, DataType.FLOAT64), 1, context(2, true)).kl().toDoubleArray();
            double[] kl32 = family.sample(rows(family, points, DataType.FLOAT32), 1, context(2, true)).kl()
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < kl64.length; i++) {
                // Rounding error of the float64 KL: the observed float32 error scaled by the ratio of unit
                // roundoffs, and a floor of 64 roundoffs of the KL's size for points where the two agree.
                double tolerance = 8 * ROUNDOFF_RATIO * Math.abs(kl32[i] - kl64[i]) + 64 * Math.ulp(1.0) * (1 + Math.abs(kl64[i]));
                assertThat(kl64[i]).as("KL at heads %s (float32: %.3g; tolerance %.2g)", points.get(i), kl32[i], tolerance)
                        .isGreaterThanOrEqualTo(-tolerance);
            }
        }
    }

    @Test
    void klIsZeroWhenThePosteriorIsThePrior() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            double[] kl = family.sample(heads(family, priorHeads(), 16, 1, DataType.FLOAT64), 1, context(2, true)).kl().toDoubleArray();
            for (double v : kl) {
                assertThat(v).as("KL at the prior heads %s", priorHeads()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void klMatchesAMonteCarloEstimateFromTheFamilysOwnSamples() {
        int rows = 100;
        int samples = 4_000;
        for (Map<String, Double> values : klCheckHeads()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                VariationalFamily family = family(klCheckSettings());
                CodeSample s = family.sample(heads(family, values, rows, 1, DataType.FLOAT64), samples, context(5, false));
                Shape shape = new Shape(rows, samples, 1);
                double[] codes = s.codes().toType(DataType.FLOAT64, false).toDoubleArray();
                Map<String, double[]> diagnostics = new LinkedHashMap<>();
                s.diagnostics().forEach((name, d) -> diagnostics.put(name,   // per datum (B, K) or per sample (B, J, K)
                        (d.getShape().dimension() == 2 ? d.expandDims(1) : d).broadcast(shape).toType(DataType.FLOAT64, false).toDoubleArray()));
                double sum = 0;
                double sumSquares = 0;
                for (int i = 0; i < codes.length; i++) {
                    Map<String, Double> at = new LinkedHashMap<>();
                    for (Map.Entry<String, double[]> d : diagnostics.entrySet()) {
                        at.put(d.getKey(), d.getValue()[i]);
                    }
                    double t = logRatio(values, new Draw(codes[i], at));
                    sum += t;
                    sumSquares += t * t;
                }
                int n = codes.length;
                double mc = sum / n;
                double mcError = Math.sqrt(Math.max(0, sumSquares / n - mc * mc) / n);
                // The family's KL per datum (a Monte-Carlo estimate varies from row to row).
                double[] perRow = s.kl().broadcast(shape).reshape(rows, samples).mean(new int[] {1}).toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                double kl = java.util.Arrays.stream(perRow).average().orElseThrow();
                double klSd = Math.sqrt(java.util.Arrays.stream(perRow).map(v -> (v - kl) * (v - kl)).sum() / (rows - 1));
                double tolerance = Stats.K * Math.hypot(mcError, klSd / Math.sqrt(rows));
                assertThat(Math.abs(mc - kl))
                        .as("KL at %s: the family's %.6f vs %.6f, the mean of logRatio over %d of its own samples (tolerance %.2g)",
                                values, kl, mc, n, tolerance)
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void codesDrawnAtThePriorHaveTheTargetNonZeroFraction() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            VariationalFamily family = family(settings());
            double expected = expectedPriorNonZeroFraction(family);
            int rows = 50;
            int samples = 4_000;
            NDArray codes = family.sample(heads(family, priorHeads(), rows, 1, DataType.FLOAT32), samples, context(6, false)).codes();
            double empirical = codes.neq(0).toType(DataType.FLOAT64, false).mean().getDouble();
            Stats.assertProportion("non-zero fraction of codes drawn at the prior heads " + priorHeads()
                    + " (is the threshold calibrated with this distribution's own tail?)", empirical, expected, codes.size());
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

    @Test
    void thePluginUsesScalarsForArithmeticWithConstants() {
        Class<?> factory = registry.factory(ComponentKind.PRIOR, priorName(), "model.prior").getClass();
        Optional<java.nio.file.Path> plugin = registry.contributions().stream()
                .filter(c -> c.kind().equals(ComponentKind.PRIOR) && c.name().equals(priorName()))
                .findFirst().flatMap(c -> c.location());
        Optional<java.nio.file.Path> factoryLocation = PluginLoader.locationOf(factory);
        // The classes the factory reaches; all of the plugin's when its factory is an instance of a framework class.
        List<GradientPathScan.Finding> all = plugin.isPresent() && !factoryLocation.equals(plugin)
                ? GradientPathScan.scanAll(plugin.get(), registry.classLoader())
                : GradientPathScan.scan(factory);
        List<GradientPathScan.Finding> findings = all.stream().filter(f -> !numberArithmeticAllowedIn().contains(f.where())).toList();
        assertThat(findings).as("NDArray arithmetic with Number arguments in the classes of %s (in DJL 0.36 such a constant's"
                + " buffer can be freed while autograd still reads it: silently wrong gradients)", priorName()).isEmpty();
    }

    private static void assertFinite(NDArray array, String what) {
        NDArray bad = array.isNaN().logicalOr(array.isInfinite());
        assertThat(bad.any().getBoolean()).as("%s contains NaN or Inf", what).isFalse();
    }
}
