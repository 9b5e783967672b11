package org.vsclab.tracking.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vsclab.testing.Services;

/**
 * The MLflow server that {@code testing/services/mlflow.sh} starts for a test that kills and
 * restarts it ({@code VSC_TEST_MLFLOW_RESTART_URI}, {@code VSC_TEST_MLFLOW_RESTART_DIR}): {@link
 * #kill()} ends its whole process group (it runs under {@code setsid}); {@link #start()} starts it
 * again with the script's command, on the same port and database, and writes the new pid to the
 * script's pid file, so that the script's {@code stop} stops the restarted server too.
 */
final class MlflowServerProcess {

    private final Path dir;
    private final int port;
    private final Path pidFile;
    private final Path log;

    private MlflowServerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.pidFile = dir.resolveSibling(dir.getFileName() + ".pid");
        this.log = dir.resolveSibling(dir.getFileName() + ".log");
    }

    /** The running restartable server of the service script. */
    static MlflowServerProcess adopt() {
        String uri = Services.require("VSC_TEST_MLFLOW_RESTART_URI", "the restartable MLflow server");
        Path dir = Path.of(Services.require("VSC_TEST_MLFLOW_RESTART_DIR", "the restartable MLflow server"));
        return new MlflowServerProcess(dir, URI.create(uri).getPort());
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server again and waits for /health (at most 240 s: a loaded 2-core machine needs minutes for its imports and migrations). */
    void start() throws IOException, InterruptedException {
        String python = Services.require("VSC_TEST_MLFLOW_PYTHON", "the MLflow installation of testing/services/mlflow.sh");
        List<String> command = List.of("setsid", python, "-m", "mlflow", "server",
                "--host", "127.0.0.1", "--port", "" + port, "--workers", "1",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--serve-artifacts", "--artifacts-destination", dir.resolve("artifacts").toString());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(pidFile, process.pid() + "\n");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mlflow server exited; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        throw new IOException("mlflow server did not answer /health in 240 s; see " + log);
    }

    /** Kills the server's whole process group with SIGKILL and waits until it is gone. */
    void kill() throws IOException, InterruptedException {
        long pgid = Long.parseLong(Files.readString(pidFile).strip());
        new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
                && new ProcessBuilder("kill", "-0", "--", "-" + pgid).start().waitFor() == 0) {
            Thread.sleep(100);
        }
    }
}
