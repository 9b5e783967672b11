package org.vsclab.bench.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds, or creates on first use, the Python interpreter with PyTorch that the peer runs on:
 *
 * <ol>
 *   <li>{@code $VSC_PEER_PYTHON}, if set (any interpreter that imports torch);
 *   <li>the virtual environment {@code ~/.cache/vsc-lab/peer/torch-}{@value #TORCH_VERSION} (or under
 *       {@code $VSC_PEER_HOME}), created with {@code python3 -m venv} and {@code pip install
 *       torch==}{@value #TORCH_VERSION} from the Python package index when it does not exist yet. The
 *       index's Linux wheels bring CUDA libraries, about 5 GB on disk: this happens only when a user
 *       asks for {@code --peer}, never in CI or {@code ./install};
 *   <li>if that fails (no network, no venv module): Debian's {@code /usr/bin/python3} with
 *       {@code python3-torch} (PyTorch 1.13 with OpenBLAS), labelled as a fallback.
 * </ol>
 *
 * PyTorch {@value #TORCH_VERSION} is the libtorch DJL 0.36 runs, so the two sides share their kernels
 * and the comparison measures how each drives them.
 */
public final class PeerEnvironment {

    /** The PyTorch version of the peer: the same libtorch as DJL's engine. */
    public static final String TORCH_VERSION = "2.7.1";

    private static final String MARKER = "vsc-peer.json";

    private final Map<String, String> environment;
    private final PrintWriter out;

    /**
     * Creates a resolver.
     *
     * @param environment the process environment (for {@code VSC_PEER_PYTHON}, {@code VSC_PEER_HOME}, {@code HOME}, {@code PATH})
     * @param out where progress goes (creating the environment takes minutes)
     */
    public PeerEnvironment(Map<String, String> environment, PrintWriter out) {
        this.environment = environment;
        this.out = out;
    }

    /** Returns the directory of the virtual environment. */
    public Path virtualEnvironment() {
        String home = environment.get("VSC_PEER_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "vsc-lab", "peer");
        return root.resolve("torch-" + TORCH_VERSION);
    }

    /**
     * Returns the interpreter to use, creating the virtual environment if needed.
     *
     * @return the interpreter
     * @throws PeerException if there is none, with the reason and the fix
     */
    public PeerPython resolve() throws PeerException {
        String explicit = environment.get("VSC_PEER_PYTHON");
        if (explicit != null && !explicit.isBlank()) {
            Path python = Path.of(explicit);
            String version = torchVersion(python).orElseThrow(() -> new PeerException(
                    "VSC_PEER_PYTHON=" + explicit + " cannot import torch; point it at an interpreter with PyTorch 2.x, or unset it"));
            return new PeerPython(python, "PyTorch " + version + " (" + python + ")", !version.startsWith("2."));
        }
        Path venv = virtualEnvironment();
        Path python = venv.resolve("bin").resolve("python");
        if (Files.isRegularFile(venv.resolve(MARKER)) && Files.isExecutable(python)) {
            return new PeerPython(python, "PyTorch " + TORCH_VERSION + " (" + venv + ")", false);
        }
        String failure;
        try {
            create(venv);
            return new PeerPython(python, "PyTorch " + TORCH_VERSION + " (" + venv + ", just created)", false);
        } catch (PeerException e) {
            failure = e.getMessage();
        }
        Path debian = Path.of("/usr/bin/python3");
        Optional<String> fallback = torchVersion(debian);
        if (fallback.isPresent()) {
            out.println("  peer: " + failure);
            out.println("  peer: falling back to Debian's python3-torch " + fallback.get() + " — NOT the PyTorch 2.x peer;"
                    + " its OpenBLAS matmul is several times slower than libtorch 2.x's");
            return new PeerPython(debian, "FALLBACK Debian python3-torch " + fallback.get() + " (" + debian + ")", true);
        }
        throw new PeerException(failure + "; and /usr/bin/python3 has no torch (apt-get install python3-torch for the fallback)");
    }

    /** Creates the virtual environment: venv in a sibling directory, pip install, marker, then the rename. */
    private void create(Path venv) throws PeerException {
        Path base = baseInterpreter().orElseThrow(() -> new PeerException(
                "no Python ≥ 3.9 with the venv module on PATH to create the PyTorch peer's environment"
                        + " (install python3-venv, or set VSC_PEER_PYTHON)"));
        Path partial = venv.resolveSibling(venv.getFileName() + ".partial");
        out.println("  peer: creating a virtual environment with PyTorch " + TORCH_VERSION + " from the Python package index in "
                + venv + " (once; about 5 GB: its Linux wheels bring CUDA libraries; several minutes)");
        out.flush();
        try {
            deleteTree(partial);
            Files.createDirectories(partial.getParent());
            run(List.of(base.toString(), "-m", "venv", partial.toString()), "python -m venv");
            run(List.of(partial.resolve("bin").resolve("python").toString(), "-m", "pip", "install", "--disable-pip-version-check",
                    "--no-input", "--progress-bar", "off", "torch==" + TORCH_VERSION, "numpy"), "pip install torch==" + TORCH_VERSION);
            Files.writeString(partial.resolve(MARKER), "{\"torch\": \"" + TORCH_VERSION + "\"}\n");
            deleteTree(venv);
            Files.move(partial, venv, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PeerException("could not create " + venv + ": " + e.getMessage(), e);
        }
    }

    /** Returns the first interpreter on PATH (python3.11, python3) that is ≥ 3.9 and has venv and ensurepip. */
    private Optional<Path> baseInterpreter() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "python3.11"));
                candidates.add(Path.of(dir, "python3"));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p) && probe(p, "import sys, venv, ensurepip; assert sys.version_info >= (3, 9)").isPresent()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Returns the torch version an interpreter imports, if any. */
    static Optional<String> torchVersion(Path python) {
        if (!Files.isExecutable(python)) {
            return Optional.empty();
        }
        return probe(python, "import warnings; warnings.simplefilter('ignore'); import torch; print(torch.__version__)");
    }

    /** Runs a one-line Python program; returns its last line of output if it exits with 0 within 60 s. */
    private static Optional<String> probe(Path python, String program) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            String[] lines = output.split("\n");
            return Optional.of(lines[lines.length - 1].strip());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Runs a command, copying its output to the progress writer; fails with the command's last line. */
    private void run(List<String> command, String what) throws PeerException, IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String last = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    last = line.strip();
                    out.println("  peer: " + last);
                    out.flush();
                }
            }
        }
        try {
            if (p.waitFor() != 0) {
                throw new PeerException(what + " failed (exit " + p.exitValue() + "): " + last);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PeerException(what + " was interrupted");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
