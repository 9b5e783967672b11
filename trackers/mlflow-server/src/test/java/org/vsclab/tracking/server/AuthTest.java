package org.vsclab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vsclab.config.ConfigError;
import org.vsclab.spi.RunSpec;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.spi.TrackedRun;
import org.vsclab.testing.Services;

/**
 * The basic-auth server of ./run-tests: the right credentials log, wrong or missing ones give one
 * error line after one request, a user with only READ permission cannot write to another user's
 * experiment, and no password appears in anything written.
 */
class AuthTest {

    @TempDir
    Path tmp;

    static String uri;
    static String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    static String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    static String alicePassword = "alice-secret-" + UUID.randomUUID();
    static String bobPassword = "bob-secret-" + UUID.randomUUID();

    @BeforeAll
    static void users() throws Exception {
        uri = Services.require("VSC_TEST_MLFLOW_AUTH_URI", "the basic-auth MLflow server");
        String admin = Services.require("VSC_TEST_MLFLOW_ADMIN_USER", "the basic-auth MLflow server");
        String adminPassword = Services.require("VSC_TEST_MLFLOW_ADMIN_PASSWORD", "the basic-auth MLflow server");
        for (String[] user : List.of(new String[] {alice, alicePassword}, new String[] {bob, bobPassword})) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(uri + "/api/2.0/mlflow/users/create"))
                    .header("Authorization", Credentials.basic(admin, adminPassword).authorization().orElseThrow())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + user[0] + "\", \"password\": \"" + user[1] + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    private ServerTracker tracker(String server, Credentials credentials, Path outbox) {
        return new ServerTracker(new MlflowRest(server, credentials, Duration.ofSeconds(20)), outbox, Duration.ofSeconds(60));
    }

    @Test
    void rightCredentialsLogWrongOnesFailOnceAndAReaderCannotWriteAndNoPasswordIsWritten() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        String experiment = "auth-" + UUID.randomUUID();
        String runId;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            try (ServerTracker tracker = tracker(uri, Credentials.basic(alice, alicePassword), tmp.resolve("alice"))) {
                TrackedRun run = tracker.startRun(new RunSpec(experiment, "by-alice", Map.of()));
                runId = run.id();
                run.logParams(Map.of("lr", "0.1"));
                run.logMetrics(Map.of("loss", 0.5), 1);
                run.logArtifact("config.conf", ("tracking.uri = \"" + uri + "\"\n").getBytes(StandardCharsets.UTF_8));
                run.end(RunStatus.FINISHED);
            }
            ServerCatalog asAlice = new ServerCatalog(new MlflowRest(uri, Credentials.basic(alice, alicePassword), Duration.ofSeconds(20)));
            RunSummary remote = asAlice.find(runId).orElseThrow();
            assertThat(remote.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(remote.metrics()).containsEntry("loss", 0.5);

            try (FaultProxy proxy = new FaultProxy(uri)) {         // counts the requests
                for (Credentials wrong : List.of(Credentials.basic(alice, "not-her-password-123"), Credentials.none())) {
                    int before = proxy.requests();
                    assertThatThrownBy(() -> tracker(proxy.uri(), wrong, tmp.resolve("wrong")).startRun(
                            new RunSpec(experiment, "x", Map.of())))
                            .isInstanceOf(ConfigError.class)
                            .satisfies(e -> messages.add(e.getMessage()))
                            .hasMessageContaining("refused the credentials (HTTP 401")
                            .hasMessageNotContaining("\n");
                    assertThat(proxy.requests() - before).as("one request, no retry storm").isEqualTo(1);
                }
            }
            assertThat(messages.get(1)).contains("set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD");

            Path bobOutbox = tmp.resolve("bob");
            assertThatThrownBy(() -> tracker(uri, Credentials.basic(bob, bobPassword), bobOutbox)
                    .startRun(new RunSpec(experiment, "by-bob", Map.of())))
                    .isInstanceOf(ConfigError.class)
                    .satisfies(e -> messages.add(e.getMessage()))
                    .hasMessageContaining("denied permission for runs/create (HTTP 403");
            assertThat(asAlice.runs(Optional.of(experiment))).extracting(RunSummary::runName).containsExactly("by-alice");
            assertThat(new org.vsclab.tracking.FileRunCatalog(bobOutbox).runs(Optional.empty()))
                    .as("nothing of bob's refused run is left in his outbox").isEmpty();

            List<String> written = new ArrayList<>(messages);
            written.add(console.toString(StandardCharsets.UTF_8));
            written.add(remote.params().toString());
            written.add(remote.tags().toString());
            written.add(new String(asAlice.artifact(remote, "config.conf").orElseThrow(), StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    written.add(f + ": " + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
            for (String secret : List.of(alicePassword, bobPassword, "not-her-password-123",
                    Credentials.basic(alice, alicePassword).authorization().orElseThrow().substring(6))) {
                assertThat(written).as("nothing written holds a password").noneMatch(text -> text.contains(secret));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
