package org.vsclab.components;

import java.util.Optional;
import org.vsclab.io.AtomGridImage;
import org.vsclab.io.Npy;
import org.vsclab.numerics.DictionaryRecovery;
import org.vsclab.spi.Matrix;
import org.vsclab.spi.Metric;
import org.vsclab.spi.MetricContext;
import org.vsclab.spi.MetricSink;

/**
 * {@code dictionary}: the learned dictionary of a linear generator, every epoch — its mean atom norm
 * and, with a known true dictionary, the fraction of true atoms recovered one-to-one (a learned atom
 * stands for at most one true atom) and the mean |cosine| of the best one-to-one assignment — and
 * after the last epoch the artifacts {@code dictionary.npy} (D × K, float64) and
 * {@code dictionary.png} (the atoms as an image grid). Nothing for generators without a dictionary.
 */
public final class DictionaryMetric implements Metric {

    /** The learned dictionary, D × K float64. */
    public static final String DICTIONARY = "dictionary.npy";
    /** The learned atoms as an image grid. */
    public static final String DICTIONARY_IMAGE = "dictionary.png";
    /** Mean column norm of the learned dictionary. */
    public static final String NORM_MEAN = "dict/norm_mean";
    /** Fraction of true atoms matched one-to-one by distinct learned atoms (synthetic data only). */
    public static final String ATOMS_RECOVERED = "dict/atoms_recovered";
    /** Mean over true atoms of the |cosine| with the learned atom the best one-to-one assignment gives it. */
    public static final String BEST_COSINE = "dict/best_cosine_mean";

    private final double cosineThreshold;

    /**
     * Creates the metric.
     *
     * @param cosineThreshold the |cosine| at which a true atom counts as recovered
     */
    public DictionaryMetric(double cosineThreshold) {
        this.cosineThreshold = cosineThreshold;
    }

    @Override
    public void compute(MetricContext context, MetricSink sink) {
        Optional<Matrix> learned = context.model().generator().dictionary();
        if (learned.isEmpty()) {
            return;
        }
        Matrix phi = learned.get();
        double norms = 0;
        for (int c = 0; c < phi.cols(); c++) {
            norms += phi.columnNorm(c);
        }
        sink.scalar(NORM_MEAN, norms / phi.cols());
        Optional<Matrix> truth = context.data().trueDictionary();
        if (truth.isPresent() && truth.get().rows() == phi.rows()) {
            DictionaryRecovery r = DictionaryRecovery.compareOneToOne(truth.get(), phi, cosineThreshold);
            sink.scalar(ATOMS_RECOVERED, r.fraction());
            sink.scalar(BEST_COSINE, r.meanBestCosine());
        }
        if (context.last()) {
            sink.artifact(DICTIONARY, Npy.toBytes(phi));
            sink.artifact(DICTIONARY_IMAGE, AtomGridImage.png(phi, 4));
        }
    }
}
