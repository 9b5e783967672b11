package org.vsclab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vsclab.train.StopSignal;

/** The job scripts the Slurm launcher writes (the cluster itself is exercised by {@code SlurmSweepTest}). */
class SlurmScriptTest {

    private static LauncherSettings.Slurm settings() {
        return new LauncherSettings.Slurm(Optional.of("gpu"), Optional.of("04:00:00"), 2, Optional.of("8G"), 3, Optional.empty(),
                List.of("--account=lab", "#SBATCH --qos=short"), List.of("module load java/17"), Optional.empty(), Optional.empty(),
                Optional.of("/opt/java17/bin/java"));
    }

    private static Launch launch() {
        SweepPoint p = new SweepPoint(0, List.of("seed=0"), "id", "g", "", 0, "");
        SweepPlan plan = new SweepPlan(1, "sid", "exp", "file:/store/it's", null, List.of(), Map.of("seed", List.of("0")), "{}",
                List.of(p));
        Submission s = new Submission(2, "slurm", "2026-01-01T00:00:00Z", Map.of(0, 1, 1, 2, 2, 1, 5, 2), null, null, "/logs", 3);
        VscProcess vsc = new VscProcess("/usr/bin/java", List.of("-Xmx1g", "-Dai.djl.offline=true"), "/lib/a.jar:/lib/b.jar",
                List.of(Path.of("/plugins")));
        return new Launch(plan, "parent123", s, vsc, new StopSignal(), null, false, Launch.NO_LISTENER);
    }

    @Test
    void oneArrayJobWithThrottleResourcesDirectivesSetupAndOneVscCommandPerTask() {
        String script = new SlurmLauncher(settings()).arrayScript(launch(), Path.of("/logs"));
        assertThat(script).startsWith("#!/bin/bash\n#SBATCH --job-name=vsc-exp\n#SBATCH --array=0-2,5%3\n")
                .contains("#SBATCH --output=/logs/%A_%a.log\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --partition=gpu\n",
                        "#SBATCH --time=04:00:00\n", "#SBATCH --mem=8G\n", "#SBATCH --account=lab\n", "#SBATCH --qos=short\n",
                        "module load java/17\n", "unset VSC_PLUGINS_DIR\n")
                .contains("  0|2) attempt=1 ;;\n  1|5) attempt=2 ;;\n")
                .contains("exec '/opt/java17/bin/java' '-Xmx1g' '-Dai.djl.offline=true' \"-XX:ActiveProcessorCount=${SLURM_CPUS_PER_TASK:-1}\""
                        + " '-cp' '/lib/a.jar:/lib/b.jar' 'org.vsclab.cli.Vsc' '--plugins-dir' '/plugins' 'sweep' 'task' '--uri'"
                        + " 'file:/store/it'\\''s' 'parent123' \"$SLURM_ARRAY_TASK_ID\" '--attempt' \"$attempt\" '--no-progress'\n");
        assertThat(script.indexOf("#SBATCH --qos=short")).as("every #SBATCH line before the first command")
                .isLessThan(script.indexOf("set -e"));
    }

    @Test
    void theCollectorReconcilesTheSweepOnOneCpu() {
        String script = new SlurmLauncher(settings()).collectorScript(launch(), Path.of("/logs"), "77");
        assertThat(script).contains("#SBATCH --job-name=vsc-exp-collect\n", "#SBATCH --cpus-per-task=1\n",
                "#SBATCH --output=/logs/collect-%j.log\n", "array job 77")
                .contains("'sweep' 'status' '--uri' 'file:/store/it'\\''s' 'parent123'\n")
                .doesNotContain("--array");
    }

    @Test
    void arraysAreWrittenAsRanges() {
        assertThat(SlurmLauncher.arraySpec(Set.of(0, 1, 2, 3, 5, 7, 8, 9))).isEqualTo("0-3,5,7-9");
        assertThat(SlurmLauncher.arraySpec(Set.of(4))).isEqualTo("4");
    }
}
