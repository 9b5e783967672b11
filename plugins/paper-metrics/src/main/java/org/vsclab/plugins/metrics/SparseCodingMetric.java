package org.vsclab.plugins.metrics;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vsclab.numerics.Fista;
import org.vsclab.plugins.metrics.numerics.SparseCodingObjective;
import org.vsclab.plugins.metrics.numerics.SupportAgreement;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code sparse-coding}: the sparse-coding objective of the validation codes on the current
 * dictionary, and the per-epoch FISTA reference (method.md §14.2, §16.1, §16.6): FISTA (τ = λ_SC) on
 * the same validation data and dictionary, its objective, and how the method's support agrees with
 * FISTA's. Every epoch, for every method with a linear generator.
 *
 * <p>Scalars: {@code sc/objective} ((1/n)Σ ½‖x − Φz‖² + λ‖z‖₁), {@code sc/objective_fnorm} (plus
 * f‖Φ‖²_F, the reference plots' with-fnorm display), {@code sc/recon_half_sq}, {@code sc/l1},
 * {@code sc/fista_objective}, {@code sc/fista_objective_fnorm}, {@code sc/fista_iterations} (the
 * mean per batch), {@code sc/support_active}, {@code sc/support_accuracy}, {@code sc/support_captured},
 * {@code sc/support_excess}, {@code sc/l1_to_fista}.
 */
public final class SparseCodingMetric implements Metric {

    private final SparseCodingObjective objective;
    private final SparseCodingObjective display;
    private final int maxIterations;
    private final double tolerance;
    private final int every;

    /**
     * Creates the metric.
     *
     * @param lambda λ_SC (20), also FISTA's τ
     * @param frobeniusDisplay f of the with-fnorm display (1e-3)
     * @param maxIterations FISTA's cap (500)
     * @param tolerance FISTA's relative-change tolerance (1e-3)
     * @param every compute after every this many epochs (and after the last)
     */
    public SparseCodingMetric(double lambda, double frobeniusDisplay, int maxIterations, double tolerance, int every) {
        this.objective = new SparseCodingObjective(lambda, 0);
        this.display = new SparseCodingObjective(lambda, frobeniusDisplay);
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.every = every;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Optional<Matrix> dictionary = context.model().generator().dictionary();
        if (dictionary.isEmpty() || !ValidationBatches.due(context.clock().epoch(), every, context.last())) {
            return;
        }
        Matrix phi = dictionary.get();
        Matrix codes = context.validation().codes();
        Matrix x = ValidationBatches.matrix(context.data().validation(), codes.rows());
        SparseCodingObjective.Value v = objective.evaluate(x, codes, phi);
        sink.scalar("sc/objective", v.value());
        sink.scalar("sc/objective_fnorm", display.evaluate(x, codes, phi).value());
        sink.scalar("sc/recon_half_sq", v.halfSquaredError());
        sink.scalar("sc/l1", v.l1());
        FistaCodes reference = fista(phi, x, context.batchSize());
        sink.scalar("sc/fista_objective", objective.evaluate(x, reference.codes(), phi).value());
        sink.scalar("sc/fista_objective_fnorm", display.evaluate(x, reference.codes(), phi).value());
        sink.scalar("sc/fista_iterations", reference.meanIterations());
        SupportAgreement a = SupportAgreement.compare(codes, reference.codes());
        sink.scalar("sc/support_active", a.active());
        sink.scalar("sc/support_accuracy", a.accuracy());
        sink.scalar("sc/support_captured", a.captured());
        sink.scalar("sc/support_excess", a.excess());
        sink.scalar("sc/l1_to_fista", a.l1Distance());
    }

    /** FISTA's codes for every row of x (n × K) and its mean iteration count per batch. */
    record FistaCodes(Matrix codes, double meanIterations) {}

    /** Solves for x's codes in batches of {@code batchSize} (the reference runs FISTA per validation batch). */
    FistaCodes fista(Matrix phi, Matrix x, int batchSize) {
        Fista solver = new Fista(phi);
        int n = x.rows();
        int d = x.cols();
        int k = phi.cols();
        double[] out = new double[n * k];
        long iterations = 0;
        int batches = 0;
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            double[] slice = new double[b * d];
            System.arraycopy(x.data(), start * d, slice, 0, slice.length);
            INDArray columns = Nd4j.create(slice, new long[] {b, d}).transpose();
            Fista.Result result = solver.solve(columns, objective.lambda(), maxIterations, tolerance);
            double[] z = result.codes().transpose().dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
            System.arraycopy(z, 0, out, start * k, z.length);
            iterations += result.iterations();
            batches++;
        }
        return new FistaCodes(new Matrix(n, k, out), batches == 0 ? 0 : (double) iterations / batches);
    }
}
