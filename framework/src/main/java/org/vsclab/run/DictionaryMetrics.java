package org.vsclab.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vsclab.numerics.DictionaryRecovery;
import org.vsclab.spi.Matrix;
import org.vsclab.train.EpochMetric;
import org.vsclab.train.SparseCodingModel;

/**
 * Per-epoch dictionary metrics: the mean atom norm, and with a known true dictionary the fraction of
 * true atoms recovered (best |cosine| with a learned atom at least a threshold) and the mean best
 * |cosine|.
 */
final class DictionaryMetrics implements EpochMetric {

    private final Optional<Matrix> truth;
    private final double cosineThreshold;

    /**
     * Creates the metric.
     *
     * @param truth the true dictionary, if the data has one
     * @param cosineThreshold the |cosine| at which a true atom counts as recovered
     */
    DictionaryMetrics(Optional<Matrix> truth, double cosineThreshold) {
        this.truth = truth;
        this.cosineThreshold = cosineThreshold;
    }

    @Override
    public Map<String, Double> compute(SparseCodingModel model) {
        Map<String, Double> out = new LinkedHashMap<>();
        Optional<Matrix> learned = model.generator().dictionary();
        if (learned.isEmpty()) {
            return out;
        }
        Matrix phi = learned.get();
        double norms = 0;
        for (int c = 0; c < phi.cols(); c++) {
            norms += phi.columnNorm(c);
        }
        out.put(MetricKeys.NORM_MEAN, norms / phi.cols());
        if (truth.isPresent() && truth.get().rows() == phi.rows()) {
            DictionaryRecovery r = DictionaryRecovery.compare(truth.get(), phi, cosineThreshold);
            out.put(MetricKeys.ATOMS_RECOVERED, r.fraction());
            out.put(MetricKeys.BEST_COSINE, r.meanBestCosine());
        }
        return out;
    }
}
