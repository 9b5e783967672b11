package org.vsclab.bench.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running reference script (a {@code bench/reference/} script served by {@code vsc_peer.py}): the
 * benchmark asks it for blocks of timed steps and matmul samples, one command at a time, so that its
 * steps never overlap ours. Closing it ends the child process.
 */
public final class PeerProcess implements AutoCloseable {

    /** Where the packaged reference scripts are, on the class path. */
    private static final String RESOURCES = "org/vsclab/bench/reference/";
    /** The file the peer's standard error goes to (its last line is quoted when it fails). */
    private static final String ERRORS = "peer-stderr.txt";

    private final Process process;
    private final BufferedReader in;
    private final Writer commands;
    private final PeerPython python;
    private final String description;
    private final Path scripts;

    private PeerProcess(Process process, PeerPython python, Path scripts) throws PeerException {
        this.process = process;
        this.python = python;
        this.scripts = scripts;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready = readLine("start-up");
        if (!ready.startsWith("ready ")) {
            throw failure("start-up", "it printed '" + ready + "' instead of 'ready {...}'");
        }
        this.description = ready.substring("ready ".length()).strip();
    }

    /**
     * Starts a packaged reference script in serving mode.
     *
     * @param python the interpreter
     * @param script the script's file name in {@code bench/reference/} (e.g. {@code torch_linear_step.py})
     * @param arguments its arguments
     * @return the running peer, ready for commands
     * @throws PeerException if it cannot start
     */
    public static PeerProcess start(PeerPython python, String script, List<String> arguments) throws PeerException {
        Path scripts;
        try {
            scripts = Files.createTempDirectory("vsc-peer");
            for (String name : List.of("vsc_peer.py", script)) {
                try (InputStream resource = PeerProcess.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
                    if (resource == null) {
                        throw new PeerException("the bench jar holds no reference script " + name);
                    }
                    Files.copy(resource, scripts.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new PeerException("cannot unpack the reference script " + script + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(python.executable().toString(), scripts.resolve(script).toString()));
        command.addAll(arguments);
        command.add("--serve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(scripts.resolve(ERRORS).toFile());
        Map<String, String> env = builder.environment();
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        // As bin/vsc sets for the JVM: idle OpenMP threads sleep, so the side that waits takes no core.
        env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        if (python.fallback()) {
            // Debian's torch with OpenBLAS: one BLAS thread beside torch's two (performance.md).
            env.putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        }
        try {
            return new PeerProcess(builder.start(), python, scripts);
        } catch (IOException e) {
            throw new PeerException("cannot start " + python.executable() + ": " + e.getMessage(), e);
        }
    }

    /** Returns the interpreter. */
    public PeerPython python() {
        return python;
    }

    /** Returns the peer's process id (its memory can be read from /proc while it runs). */
    public long pid() {
        return process.pid();
    }

    /** Returns the script's description of itself (a JSON object: torch version, threads, BLAS, …). */
    public String description() {
        return description;
    }

    /**
     * Runs steps in the peer.
     *
     * @param n how many
     * @return each step's wall time in milliseconds, as the peer measured it
     * @throws PeerException if the peer fails
     */
    public double[] steps(int n) throws PeerException {
        return ask("steps " + n, "ms", n);
    }

    /**
     * Times the peer's 1024² float32 matmul.
     *
     * @param n how many products
     * @return GFLOP/s of each
     * @throws PeerException if the peer fails
     */
    public double[] matmul(int n) throws PeerException {
        return ask("matmul " + n, "gflops", n);
    }

    private double[] ask(String command, String answer, int n) throws PeerException {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failure(command, "it stopped reading commands (" + e.getMessage() + ")");
        }
        String line = readLine(command);
        String[] words = line.split(" ");
        if (!words[0].equals(answer) || words.length != n + 1) {
            throw failure(command, "it answered '" + (line.length() > 120 ? line.substring(0, 120) + "…" : line) + "'");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.parseDouble(words[i + 1]);
        }
        return values;
    }

    private String readLine(String during) throws PeerException {
        try {
            String line = in.readLine();
            if (line == null) {
                int code = process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
                throw failure(during, "it exited (code " + code + ")");
            }
            return line;
        } catch (IOException e) {
            throw failure(during, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(during, "interrupted");
        }
    }

    private PeerException failure(String during, String what) {
        String last = "";
        try {
            List<String> lines = Files.readAllLines(scripts.resolve(ERRORS));
            for (String line : lines) {
                last = line.isBlank() ? last : line.strip();
            }
        } catch (IOException ignored) {
            // no standard error to quote
        }
        return new PeerException("the PyTorch peer (" + python.label() + ") failed during '" + during + "': " + what
                + (last.isEmpty() ? "" : "; its last error line: " + last));
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
            commands.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(scripts)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(scripts);
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
