package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.testing.VscCli;

/**
 * Issue 7, item 6: every point of a sweep is loaded and its experiment built before anything is
 * recorded, so one bad point is one error line naming it, exit 2, and an untouched store — through
 * {@code vsc sweep submit} and through {@code vsc run --sweep}.
 */
class SweepValidationTest {

    @TempDir
    Path tmp;

    @Test
    void oneInvalidPointRecordsNothingAndNamesThePoint() {
        Path store = tmp.resolve("mlruns");
        VscCli.Output submit = VscCli.run("sweep", "submit", SweepGridTest.SMALL.toString(), "tracking.uri=" + store,
                "--sweep", "model.samples=2,0", "--launcher", "slurm");
        assertThat(submit.code()).isEqualTo(2);
        assertThat(errorLines(submit.err())).singleElement().asString()
                .startsWith("error: Sweep point 2/2 (model.samples=0): Config key 'model.samples'").contains("≥ 1");
        assertThat(store).doesNotExist();

        VscCli.Output run = VscCli.run("run", SweepGridTest.SMALL.toString(), "tracking.uri=" + store, "--sweep",
                "model.prior=gaussian,no-such-prior");
        assertThat(run.code()).isEqualTo(2);
        assertThat(errorLines(run.err())).singleElement().asString()
                .startsWith("error: Sweep point 2/2 (model.prior=no-such-prior): ").contains("no-such-prior");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(store).doesNotExist();
    }

    @Test
    void badLauncherSettingsAndUnknownLaunchersRecordNothing() {
        Path store = tmp.resolve("mlruns");
        VscCli.Output cpus = VscCli.run("sweep", "submit", SweepGridTest.SMALL.toString(), "tracking.uri=" + store,
                "--seeds", "2", "launchers.slurm.cpus-per-task=0");
        assertThat(cpus.code()).isEqualTo(2);
        assertThat(errorLines(cpus.err())).singleElement().asString().contains("launchers.slurm.cpus-per-task");
        VscCli.Output launcher = VscCli.run("sweep", "submit", SweepGridTest.SMALL.toString(), "tracking.uri=" + store,
                "--seeds", "2", "--launcher", "pbs");
        assertThat(launcher.code()).isEqualTo(2);
        assertThat(errorLines(launcher.err())).containsExactly("error: Unknown launcher 'pbs'; choose local or slurm.");
        VscCli.Output noGrid = VscCli.run("sweep", "submit", SweepGridTest.SMALL.toString(), "tracking.uri=" + store);
        assertThat(noGrid.code()).isEqualTo(2);
        assertThat(errorLines(noGrid.err())).singleElement().asString().contains("a sweep needs at least one axis");
        assertThat(Files.exists(store)).isFalse();
    }

    private static java.util.List<String> errorLines(String err) {
        return err.lines().filter(l -> l.startsWith("error:")).toList();
    }
}
