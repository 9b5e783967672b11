/**
 * The whole-workload benchmarks of {@code vsc bench}: the paper-scale training step, its memory over
 * a long run, amortised inference against FISTA, and FISTA alone. Each is one {@link
 * org.vsclab.bench.Workload} class listed in {@code META-INF/services}.
 */
package org.vsclab.bench.workloads;
