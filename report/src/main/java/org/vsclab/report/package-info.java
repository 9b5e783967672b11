/**
 * {@code vsc report}: the runs of a sweep or an experiment, read through the tracking store's
 * {@link org.vsclab.spi.RunCatalog}, grouped by sweep point without the seed, as the tables of a
 * layout (mean ± population std, Markdown and CSV) and its figures (XChart PNG: bars, scatter,
 * training curves, metric against a parameter; learned dictionaries as atom grids sorted by norm),
 * with a statement of what keeps the numbers from being comparable with the paper's. Layouts are
 * HOCON files ({@link org.vsclab.report.ReportLayout}); a study adds its own without code.
 */
package org.vsclab.report;
