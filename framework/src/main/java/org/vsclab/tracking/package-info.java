/**
 * Tracking to an MLflow FileStore ({@code mlruns/}): {@link org.vsclab.tracking.FileStoreTracker}
 * writes experiments and runs in exactly the layout MLflow's own file store uses (so {@code mlflow ui}
 * and {@code mlflow migrate-filestore} read them), and {@link org.vsclab.tracking.FileRunCatalog}
 * reads such stores back, including stores written by MLflow itself.
 *
 * <p>Format details that matter for compatibility: {@code meta.yaml} files are written with sorted
 * keys, block style and PyYAML's quoting decisions; metric files hold one {@code <timestamp_ms>
 * <value> <step>} line per logged value, with the value formatted like Python's {@code repr(float)}
 * ({@link org.vsclab.tracking.PythonFloats}); params and tags are one file per key holding the raw
 * value. Rewrites are atomic (temporary file, then move).
 */
package org.vsclab.tracking;
