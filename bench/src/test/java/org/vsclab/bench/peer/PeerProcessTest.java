package org.vsclab.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's protocol client, its interleaving and its environment resolution against stand-in
 * "interpreters" (shell scripts that speak the protocol of bench/reference/vsc_peer.py), so that no
 * PyTorch is needed: the commands it receives, in order, the figures it returns, and one clear
 * message when the peer fails or no interpreter imports torch.
 */
class PeerProcessTest {

    @TempDir
    Path tmp;

    /** A stand-in peer: logs every command to a file, answers steps with 7.5 ms each and matmuls with 100 GFLOP/s. */
    private Path fakePython(String onSteps) throws IOException {
        Path log = tmp.resolve("commands.log");
        Path script = tmp.resolve("python");
        Files.writeString(script, String.join("\n",
                "#!/bin/bash",
                "echo \"args $*\" >> " + log,
                "echo 'ready {\"torch\": \"fake\"}'",
                "while read -r cmd n; do",
                "  echo \"$cmd $n\" >> " + log,
                "  case $cmd in",
                "    steps) " + onSteps + " ;;",
                "    matmul) out=gflops; for i in $(seq $n); do out=\"$out 100\"; done; echo $out ;;",
                "    quit) exit 0 ;;",
                "  esac",
                "done", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private List<String> commands() throws IOException {
        return Files.readAllLines(tmp.resolve("commands.log"));
    }

    @Test
    void blocksAlternateWithOursAndBothSidesAreMeasured() throws Exception {
        Path python = fakePython("out=ms; for i in $(seq $n); do out=\"$out 7.5\"; done; echo $out");
        List<Integer> ours = new ArrayList<>();
        SideBySide.Result result;
        try (PeerProcess peer = PeerProcess.start(new PeerPython(python, "fake", false), "torch_linear_step.py", List.of("selected"))) {
            assertThat(peer.description()).isEqualTo("{\"torch\": \"fake\"}");
            result = SideBySide.run(ours::add, () -> 200, peer, 2, 25, 10);
        }
        assertThat(ours).as("our step indices: 2 warm-up, then 25 timed").hasSize(27).startsWith(0, 1, 2);
        assertThat(result.ours().ms()).hasSize(25);
        assertThat(result.peer().ms()).hasSize(25).containsOnly(7.5);
        assertThat(result.peer().matmulGflops()).hasSize(3).containsOnly(100.0);
        List<String> c = commands();
        assertThat(c.get(0)).startsWith("args ").contains("torch_linear_step.py selected --serve");
        // warm-up, then turns of (ours, peer), (peer, ours), (ours, peer): the peer's matmul sample precedes its block.
        assertThat(c.subList(1, c.size())).containsExactly("steps 2", "matmul 2", "matmul 2", "steps 10", "matmul 2", "steps 10",
                "matmul 2", "steps 5", "quit ");
        assertThat(result.speedup()).isEqualTo(7.5 / result.ours().medianMs());
    }

    @Test
    void aPeerThatDiesIsOneClearError() throws Exception {
        Path python = fakePython("echo 'Traceback: torch blew up' >&2; exit 3");
        try (PeerProcess peer = PeerProcess.start(new PeerPython(python, "fake torch", false), "torch_linear_step.py", List.of())) {
            assertThatThrownBy(() -> peer.steps(4)).isInstanceOf(PeerException.class)
                    .hasMessageContaining("the PyTorch peer (fake torch) failed during 'steps 4'")
                    .hasMessageContaining("exited (code 3)")
                    .hasMessageContaining("its last error line: Traceback: torch blew up");
        }
    }

    @Test
    void anUnknownScriptIsRefused() {
        assertThatThrownBy(() -> PeerProcess.start(new PeerPython(Path.of("/bin/true"), "x", false), "nope.py", List.of()))
                .isInstanceOf(PeerException.class).hasMessageContaining("no reference script nope.py");
    }

    @Test
    void anExistingEnvironmentIsUsedAndABadExplicitInterpreterIsNamed() throws Exception {
        Path home = tmp.resolve("peer-home");
        Path venv = home.resolve("torch-" + PeerEnvironment.TORCH_VERSION);
        Files.createDirectories(venv.resolve("bin"));
        Path python = Files.writeString(venv.resolve("bin/python"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(venv.resolve("vsc-peer.json"), "{}");
        StringWriter progress = new StringWriter();
        PeerPython found = new PeerEnvironment(Map.of("VSC_PEER_HOME", home.toString(), "PATH", ""), new PrintWriter(progress)).resolve();
        assertThat(found.executable()).isEqualTo(python);
        assertThat(found.fallback()).isFalse();
        assertThat(found.label()).contains("PyTorch " + PeerEnvironment.TORCH_VERSION);
        assertThat(progress.toString()).as("nothing created").isEmpty();

        assertThatThrownBy(() -> new PeerEnvironment(Map.of("VSC_PEER_PYTHON", "/bin/false"), new PrintWriter(progress)).resolve())
                .isInstanceOf(PeerException.class).hasMessageContaining("VSC_PEER_PYTHON=/bin/false cannot import torch");
    }
}
