/**
 * Running an experiment end to end: build the components a configuration names ({@link
 * org.vsclab.run.ExperimentBuilder}), start a tracked run with its provenance, train with tracking
 * and checkpoint listeners, write the final artifacts, and end the run FINISHED, FAILED or KILLED
 * ({@link org.vsclab.run.ExperimentRunner}).
 */
package org.vsclab.run;
