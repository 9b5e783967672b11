package org.vsclab.tracking.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vsclab.testing.Services;

/**
 * An MLflow server of a test's own, from the venv that {@code testing/services/mlflow.sh}
 * installs ({@code VSC_TEST_MLFLOW_PYTHON}), for tests that stop and restart a server or give it
 * its own users. Started with {@code setsid}, so {@link #kill()} ends its whole process group.
 */
final class MlflowServerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final Map<String, String> env;
    private Process process;

    MlflowServerProcess(Path dir, List<String> extraArgs, Map<String, String> env) throws IOException {
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.env = env;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("artifacts"));
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server (again, on the same port and database) and waits for /health (at most 120 s). */
    MlflowServerProcess start() throws IOException, InterruptedException {
        String python = Services.require("VSC_TEST_MLFLOW_PYTHON", "the MLflow installation of testing/services/mlflow.sh");
        List<String> command = new ArrayList<>(List.of("setsid", python, "-m", "mlflow", "server"));
        command.addAll(extraArgs);
        command.addAll(List.of("--host", "127.0.0.1", "--port", "" + port, "--workers", "1",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--serve-artifacts", "--artifacts-destination", dir.resolve("artifacts").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mlflow server exited: " + Files.readString(dir.resolve("server.log")));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        throw new IOException("mlflow server did not answer /health in 120 s: " + Files.readString(dir.resolve("server.log")));
    }

    /** Kills the server's whole process group with SIGKILL and waits for it. */
    void kill() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).inheritIO().start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && groupAlive()) {
            Thread.sleep(100);
        }
        process = null;
    }

    private boolean groupAlive() throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-0", "--", "-" + process.pid()).start().waitFor() == 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
    }
}
