package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;

/**
 * Mean and population std over seeds, per group, of the FINISHED points only; the expected values are
 * worked out by hand: {0.1, 0.3} has mean 0.2 and std 0.1; {1, 2, 6} has mean 3 and std √(14/3).
 */
class AggregateTest {

    private static SweepPoint point(int index, String group, String label, long seed) {
        return new SweepPoint(index, List.of(label, "seed=" + seed), "p" + index, group, label, seed, "");
    }

    private static PointStatus finished(SweepPoint p, Map<String, Double> metrics) {
        RunSummary run = new RunSummary("run" + p.index(), "1", "e", "r", RunStatus.FINISHED, p.index(), Optional.of(10L + p.index()),
                Map.of(), metrics, Map.of());
        return new PointStatus(p, PointState.FINISHED, Optional.of(run), 1, "");
    }

    @Test
    void meanAndPopulationStdPerGroupOverFinishedPointsOnly() {
        List<PointStatus> points = new ArrayList<>();
        points.add(finished(point(0, "ga", "model.prior=gaussian", 0), Map.of("val/loss", 0.1, "val/recon", 1.0)));
        points.add(finished(point(1, "ga", "model.prior=gaussian", 1), Map.of("val/loss", 0.3, "val/recon", 2.0)));
        points.add(finished(point(2, "ga", "model.prior=gaussian", 2), Map.of("val/recon", 6.0)));
        SweepPoint failed = point(3, "la", "model.prior=laplacian", 0);
        points.add(new PointStatus(failed, PointState.FAILED, Optional.empty(), 1, "nan"));
        points.add(finished(point(4, "la", "model.prior=laplacian", 1), Map.of("val/loss", 0.5)));

        Aggregate a = Aggregate.of(points);
        assertThat(a.groups()).extracting(Aggregate.Group::label).containsExactly("model.prior=gaussian", "model.prior=laplacian");
        Aggregate.Group g = a.groups().get(0);
        assertThat(g.runIds()).containsExactly("run0", "run1", "run2");
        assertThat(g.metrics().get("val/loss").n()).isEqualTo(2);
        assertThat(g.metrics().get("val/loss").mean()).isCloseTo(0.2, within(1e-15));
        assertThat(g.metrics().get("val/loss").std()).isCloseTo(0.1, within(1e-15));
        assertThat(g.metrics().get("val/recon").mean()).isCloseTo(3.0, within(1e-15));
        assertThat(g.metrics().get("val/recon").std()).isCloseTo(Math.sqrt(14.0 / 3.0), within(1e-14));
        Aggregate.Group l = a.groups().get(1);
        assertThat(l.runIds()).as("the failed point is not averaged").containsExactly("run4");
        assertThat(l.metrics().get("val/loss")).isEqualTo(new Aggregate.Stat(1, 0.5, 0.0));

        Map<String, Double> parent = a.parentMetrics();
        assertThat(parent).containsEntry("model.prior_gaussian/val/recon/n", 3.0)
                .containsEntry("model.prior_laplacian/val/loss/mean", 0.5)
                .containsEntry("model.prior_laplacian/val/loss/std", 0.0)
                .containsKey("model.prior_gaussian/val/loss/mean").hasSize(3 * 3);
        assertThat(a.csv()).startsWith("group,label,metric,n,mean,std\nga,model.prior=gaussian,val/loss,2,");
    }

    @Test
    void groupPrefixesAreValidMlflowKeysAndUnique() {
        assertThat(Aggregate.metricPrefix("")).isEqualTo("all");
        assertThat(Aggregate.metricPrefix("method=${methods.fista} data.path=/a/b")).isEqualTo("method___methods.fista_ data.path__a_b");
        List<PointStatus> points = List.of(
                finished(point(0, "g1aaaaaaaa", "a=x/y", 0), Map.of("m", 1.0)),
                finished(point(1, "g2bbbbbbbb", "a=x_y", 0), Map.of("m", 2.0)));
        Map<String, Double> parent = Aggregate.of(points).parentMetrics();
        assertThat(parent).containsKeys("a_x_y/m/mean", "a_x_y-g2bbbbbb/m/mean");
        parent.keySet().forEach(k -> org.vsclab.tracking.MlflowLimits.validateKey("metric", k));
    }
}
