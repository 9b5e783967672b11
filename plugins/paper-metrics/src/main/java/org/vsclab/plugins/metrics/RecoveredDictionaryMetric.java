package org.vsclab.plugins.metrics;

import java.util.Optional;
import org.vsclab.io.AtomGridImage;
import org.vsclab.io.Npy;
import org.vsclab.plugins.metrics.numerics.RecoveredDictionary;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code recovered-dictionary}: the dictionary the validation codes explain the validation data with,
 * Φ̂ = C_sr·C_rr⁺ (method.md §16.11), after training: the artifacts {@code recovered_dictionary.npy}
 * (D × K) and {@code recovered_dictionary.png}, and {@code dict/recovered_change}
 * = ‖Φ̂ − Φ‖_F / ‖Φ‖_F against the learned dictionary (when the generator has one).
 */
public final class RecoveredDictionaryMetric implements Metric {

    @Override
    public When when() {
        return When.AFTER_TRAINING;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Matrix codes = context.validation().codes();
        Matrix x = ValidationBatches.matrix(context.data().validation(), codes.rows());
        Matrix recovered = RecoveredDictionary.of(x, codes);
        sink.artifact("recovered_dictionary.npy", Npy.toBytes(recovered));
        if (Math.sqrt(recovered.rows()) % 1 == 0) {
            sink.artifact("recovered_dictionary.png", AtomGridImage.png(recovered, 4));
        }
        Optional<Matrix> learned = context.model().generator().dictionary();
        if (learned.isPresent() && learned.get().rows() == recovered.rows() && learned.get().cols() == recovered.cols()) {
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < recovered.data().length; i++) {
                double l = learned.get().data()[i];
                diff += (recovered.data()[i] - l) * (recovered.data()[i] - l);
                norm += l * l;
            }
            sink.scalar("dict/recovered_change", norm == 0 ? Double.NaN : Math.sqrt(diff / norm));
        }
    }
}
