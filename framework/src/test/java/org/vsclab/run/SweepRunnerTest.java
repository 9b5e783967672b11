package org.vsclab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigLoader;
import org.vsclab.plugin.ComponentRegistry;
import org.vsclab.plugin.PluginLoader;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileStoreTracker;
import org.vsclab.train.StopSignal;

/** Sweeps: the grid, child runs under a parent, each recording its own point. */
class SweepRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void gridIsEveryCombinationInOrder() {
        var axes = new java.util.LinkedHashMap<String, List<String>>();
        axes.put("a", List.of("1", "2"));
        axes.put("b", List.of("x", "y", "z"));
        assertThat(SweepRunner.points(axes)).hasSize(6).first().isEqualTo(List.of("a=1", "b=x"));
        assertThat(SweepRunner.points(axes).get(5)).isEqualTo(List.of("a=2", "b=z"));
    }

    @Test
    void childrenRunUnderAParentAndRecordTheirPoint() throws Exception {
        ComponentRegistry registry = PluginLoader.load(List.of());
        List<String> overrides = List.of("tracking.uri=" + tmp.resolve("mlruns"), "train.epochs=1", "sweep.seed=[0, 1]");
        var config = new ConfigLoader(registry.classLoader()).load(Optional.of(Path.of("src/test/resources/config/small.conf")), overrides);
        Map<String, List<String>> axes = SweepRunner.axes(config, List.of("model.samples=2,3"));
        assertThat(axes).containsEntry("seed", List.of("0", "1")).containsEntry("model.samples", List.of("2", "3"));

        List<SweepRunner.Child> children = new SweepRunner(registry, List.of(), new StopSignal())
                .run(Optional.of(Path.of("src/test/resources/config/small.conf")), overrides, axes);
        assertThat(children).hasSize(4).allSatisfy(c -> assertThat(c.result().status()).isEqualTo(RunStatus.FINISHED));

        List<RunSummary> runs = FileStoreTracker.open(tmp.resolve("mlruns").toString()).catalog().runs(Optional.empty());
        RunSummary parent = runs.stream().filter(r -> r.runName().endsWith("-sweep")).findFirst().orElseThrow();
        assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(parent.params()).containsEntry("sweep.seed", "0,1").containsEntry("sweep.model.samples", "2,3");
        List<RunSummary> kids = runs.stream().filter(r -> parent.runId().equals(r.tags().get("mlflow.parentRunId"))).toList();
        assertThat(kids).hasSize(4);
        assertThat(kids).extracting(r -> r.params().get("seed") + "/" + r.params().get("model.samples"))
                .containsExactlyInAnyOrder("0/2", "0/3", "1/2", "1/3");
        assertThat(kids).allSatisfy(r -> assertThat(r.params().keySet()).noneMatch(k -> k.startsWith("sweep")));
    }
}
