/**
 * JMH micro-benchmarks of the kernels inside a training step and FISTA. Run them with
 * {@code java -cp "experiments/target/vsc/lib/*:experiments/target/vsc/plugins/*" org.openjdk.jmh.Main}
 * (see README, "Performance").
 */
package org.vsclab.bench.kernels;
