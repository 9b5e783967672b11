package org.vsclab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.spi.RunSummary;
import org.vsclab.testing.VscCli;
import org.vsclab.tracking.FileStoreTracker;

/** {@code vsc report} as a user runs it: after a sweep, from the command line, into a folder and the parent run. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void reportsASweepAndLogsItToTheParentRun() throws Exception {
        String store = tmp.resolve("mlruns").toString();
        Path conf = Path.of(getClass().getResource("/tiny-sweep.conf").toURI());
        VscCli.Output run = VscCli.run("run", conf.toString(), "--no-progress", "tracking.uri=" + store);
        assertThat(run.code()).as(run.err()).isZero();

        Path out = tmp.resolve("report");
        VscCli.Output report = VscCli.run("report", "report-cli-test", "--uri", store, "--out", out.toString());

        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("# VSC Lab runs").contains("| model.kl-weight=0.01 | 2 |")
                .contains("| model.kl-weight=0.001 | 2 |").contains("Logged:  artifacts report/ of run");
        assertThat(out.resolve("report.md")).exists();
        assertThat(out.resolve("summary.csv")).exists();
        FileStoreTracker tracker = FileStoreTracker.open(store);
        RunSummary parent = tracker.catalog().runs(Optional.of("report-cli-test")).stream()
                .filter(r -> r.tags().containsKey("vsc.sweep")).findFirst().orElseThrow();
        assertThat(tracker.catalog().artifact(parent, "report/report.md")).isPresent();
        assertThat(tracker.catalog().artifact(parent, "report/summary.csv")).isPresent();
        assertThat(parent.status().name()).isEqualTo("FINISHED");
        assertThat(Files.readString(out.resolve("summary.csv"))).startsWith("method,group,runs,val/loss mean");
    }

    @Test
    void anUnknownTargetIsOneErrorLine() {
        VscCli.Output report = VscCli.run("report", "nothing-here", "--uri", tmp.resolve("mlruns").toString());
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.err().strip()).startsWith("error: no run id and no experiment 'nothing-here'").doesNotContain("\n");
        VscCli.Output layout = VscCli.run("report", "nothing-here", "--layout", "nope");
        assertThat(layout.code()).isEqualTo(2);
    }
}
