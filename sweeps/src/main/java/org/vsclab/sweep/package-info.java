/**
 * Sweeps: a grid of experiments as one parent run plus one child run per point, the same for every
 * launcher. {@link org.vsclab.sweep.SweepPlan} validates every point and freezes its configuration
 * and identity ({@link org.vsclab.sweep.PointIds}) before anything is recorded;
 * {@link org.vsclab.sweep.SweepParent} records the plan and the submissions on the parent run; a
 * {@link org.vsclab.sweep.Launcher} ({@link org.vsclab.sweep.LocalLauncher},
 * {@link org.vsclab.sweep.SlurmLauncher}) starts {@link org.vsclab.sweep.PointTask} processes; the
 * {@link org.vsclab.sweep.Reconciler} tells what became of each point from the store and the
 * scheduler; {@link org.vsclab.sweep.Aggregate} averages over seeds per group;
 * {@link org.vsclab.sweep.SweepService} puts it together for the {@code vsc sweep} commands.
 */
package org.vsclab.sweep;
