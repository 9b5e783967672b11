package org.vsclab.run;

/** The names under which runs record metrics (MLflow groups keys by their '/' prefix). */
public final class MetricKeys {

    /** Per-step training metrics: {@code train/loss}, {@code train/recon}, ... */
    public static final String TRAIN = "train/";
    /** Per-epoch means of the training metrics. */
    public static final String TRAIN_EPOCH = "train_epoch/";
    /** Per-epoch validation metrics: {@code val/loss}, {@code val/nonzero_frac}, ... */
    public static final String VALIDATION = "val/";
    /** Per-epoch dictionary metrics. */
    public static final String DICTIONARY = "dict/";
    /** Fraction of true atoms matched by a learned atom (synthetic data only). */
    public static final String ATOMS_RECOVERED = DICTIONARY + "atoms_recovered";
    /** Mean over true atoms of the best |cosine| with a learned atom. */
    public static final String BEST_COSINE = DICTIONARY + "best_cosine_mean";
    /** Mean column norm of the learned dictionary. */
    public static final String NORM_MEAN = DICTIONARY + "norm_mean";
    /** Epoch wall time in seconds. */
    public static final String EPOCH_SECONDS = "epoch/seconds";
    /** The epoch index, so metrics can be plotted against epochs. */
    public static final String EPOCH = "epoch/index";

    private MetricKeys() {}
}
