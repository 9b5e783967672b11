package org.vsclab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.vsclab.run.MetricKeys;
import org.vsclab.train.EpochReport;
import org.vsclab.train.ForwardPass;
import org.vsclab.train.SparseCodingModel;
import org.vsclab.train.StepReport;
import org.vsclab.train.TrainingListener;
import org.vsclab.train.TrainingPlan;

/**
 * Shows a run's progress on the terminal: a bar with step, epoch, ETA and loss redrawn in place
 * (when attached to a terminal), and one line per epoch with the validation metrics.
 */
final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean interactive;
    private TrainingPlan plan;
    private long started;
    private long lastDraw;

    /**
     * Creates the bar.
     *
     * @param out where to draw (standard error)
     * @param interactive whether to redraw a bar in place (a terminal) or print epoch lines only
     */
    ProgressBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainingStart(TrainingPlan plan) {
        this.plan = plan;
        this.started = System.nanoTime();
        out.printf(Locale.ROOT, "training: %d epochs × %d steps (batch %d)%n", plan.epochs(), plan.stepsPerEpoch(), plan.batchSize());
        out.flush();
    }

    @Override
    public void onStep(StepReport report) {
        long now = System.nanoTime();
        if (!interactive || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long done = report.clock().step() + 1;
        long total = plan.totalSteps();
        double fraction = (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
        double elapsed = (now - started) / 1e9;
        double eta = elapsed / done * (total - done);
        Map<String, Double> m = report.metrics();
        out.printf(Locale.ROOT, "\r[%s] %3d%%  step %d/%d  epoch %d/%d  ETA %s  loss %.4f  nz %.3f ",
                bar, Math.round(fraction * 100), done, total, report.clock().epoch() + 1, plan.epochs(),
                duration(eta), m.get(ForwardPass.LOSS), m.get(ForwardPass.NONZERO));
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochReport report, SparseCodingModel model) {
        StringBuilder line = new StringBuilder();
        Map<String, Double> val = report.validation().metrics();
        line.append(String.format(Locale.ROOT, "epoch %3d/%d  loss %.4f (val %.4f)  val recon %.4f  val nonzero %.4f",
                report.clock().epoch() + 1, plan.epochs(), report.train().get(ForwardPass.LOSS),
                val.get(ForwardPass.LOSS), val.get(ForwardPass.RECONSTRUCTION), val.get(ForwardPass.NONZERO)));
        Double recovered = report.extra().get(MetricKeys.ATOMS_RECOVERED);
        if (recovered != null) {
            line.append(String.format(Locale.ROOT, "  atoms recovered %.3f", recovered));
        }
        line.append(String.format(Locale.ROOT, "  (%.1fs)", report.seconds()));
        if (interactive) {
            out.print("\r" + " ".repeat(110) + "\r");
        }
        out.println(line);
        out.flush();
    }

    /**
     * Formats seconds as m:ss or h:mm:ss.
     *
     * @param seconds a duration
     * @return the text
     */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
