package org.vsclab.bench.workloads;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vsclab.bench.BenchContext;
import org.vsclab.bench.BenchResult;
import org.vsclab.bench.Measurements;
import org.vsclab.bench.Workload;
import org.vsclab.components.SyntheticDataSource;
import org.vsclab.numerics.Fista;

/**
 * {@code fista}: ND4J FISTA alone at the paper's scale (a 256 × 256 dictionary, batch 100), forced to
 * its 500-iteration cap: milliseconds per batch and per iteration, and GFLOP/s counted as one
 * K × K by K × B product per iteration.
 */
public final class FistaWorkload implements Workload {

    @Override
    public String name() {
        return "fista";
    }

    @Override
    public String description() {
        return "ND4J FISTA, K=256, batch 100, 500 iterations: ms per batch and per iteration, GFLOP/s";
    }

    @Override
    public BenchResult run(BenchContext context) {
        SyntheticDataSource data = InferenceWorkload.syntheticProblem();
        Fista fista = new Fista(data.trueDictionary().orElseThrow());
        INDArray batch = InferenceWorkload.batchColumns(data.validation(), PaperScale.BATCH);
        int iterations = context.smoke() ? 20 : 500;
        int repetitions = context.iterations(20, 2);
        double tau = InferenceWorkload.TAU;
        fista.solve(batch, tau, iterations, -1);   // warm-up
        double[] ms = new double[repetitions];
        int ran = 0;
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            ran = fista.solve(batch, tau, iterations, -1).iterations();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double median = Measurements.median(ms);
        double flopsPerIteration = 2.0 * PaperScale.K * PaperScale.K * PaperScale.BATCH;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("ms_per_batch", median);
        figures.put("iterations", (double) ran);
        figures.put("ms_per_iteration", median / ran);
        figures.put("gflops", flopsPerIteration * ran / (median / 1e3) / 1e9);
        figures.put("peak_rss_mb", Measurements.peakResidentMb());
        figures.forEach((k, v) -> context.out().printf(Locale.ROOT, "  %-20s %.4g%n", k, v));
        String summary = String.format(Locale.ROOT,
                "fista: %.1f ms per batch of %d for %d iterations = %.3f ms/iteration (reference numpy: 0.7-0.75), %.1f GFLOP/s, peak RSS %.0f MB",
                median, PaperScale.BATCH, ran, median / ran, figures.get("gflops"), figures.get("peak_rss_mb"));
        return new BenchResult(summary, figures);
    }
}
