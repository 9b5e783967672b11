/**
 * The benchmark seam: a {@link org.vsclab.bench.Workload} is one whole-workload benchmark that
 * {@code vsc bench <name>} finds with {@link java.util.ServiceLoader} and runs; {@link
 * org.vsclab.bench.Measurements} holds what every workload needs (timing statistics, resident
 * memory, the machine's measured matmul rate). Workloads live in the {@code bench} module.
 */
package org.vsclab.bench;
