package org.vsclab.tracking.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mlflow.api.proto.MlflowArtifacts;
import org.mlflow.api.proto.Service;
import org.mlflow_project.google.protobuf.InvalidProtocolBufferException;
import org.mlflow_project.google.protobuf.Message;
import org.mlflow_project.google.protobuf.MessageOrBuilder;
import org.mlflow_project.google.protobuf.util.JsonFormat;

/**
 * The MLflow REST calls VSC Lab makes, with the official Java client's protobuf messages ({@code
 * org.mlflow.api.proto}, from {@code mlflow-client} 2.17.2) and its JSON mapping, sent over the
 * JDK's HTTP client.
 *
 * <p>Why not {@code MlflowClient}'s own transport: it retries every HTTP error three times at once,
 * 401, 403 and a {@code runs/create} that may already have been applied included, blocks up to 60 s
 * on 429 while logging "Rate limit exceeded" for any status, and uploads artifacts through a Python
 * subprocess. Here each call is made once; the caller (the deliverer) decides about retries from
 * {@link ServerException#retryable()} and {@link ServerException#uncertain()}, refused credentials
 * are one error, and artifacts are streamed from files to the server's artifact proxy.
 *
 * <p>Thread-safe. Credentials go only into the {@code Authorization} header; no message holds them.
 */
public final class MlflowRest {

    /** The base path of the tracking API. */
    static final String API = "/api/2.0/mlflow/";

    /** The base path of the artifact proxy. */
    static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts";

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String base;
    private final Credentials credentials;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * Creates the client.
     *
     * @param uri the server's URI ({@code http://host:port}, optionally with a path prefix)
     * @param credentials how to authenticate
     * @param timeout the longest wait for one response
     * @throws IllegalArgumentException if the URI is not an http(s) URI or holds credentials
     */
    public MlflowRest(String uri, Credentials credentials, Duration timeout) {
        this.base = normalize(uri);
        this.credentials = credentials;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Normalises a server URI: no trailing slash (MLflow's Java client would send {@code //api}).
     *
     * @param uri the URI
     * @return the normalised URI
     * @throws IllegalArgumentException if it is not http(s), has no host, or holds a user name or password
     */
    public static String normalize(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid server URI '" + uri + "': " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) server URI: " + uri);
        }
        if (parsed.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the server URI must not hold credentials (they would be recorded with"
                    + " every run); set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD instead");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("the server URI has no host: " + uri);
        }
        String s = parsed.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Returns the server's normalised URI. */
    public String uri() {
        return base;
    }

    /** Returns the credentials' description (never the secret). */
    Credentials credentials() {
        return credentials;
    }

    // --- experiments ----------------------------------------------------------------------------

    /** Finds an experiment by name; empty if the server has none (404). */
    public Optional<Service.Experiment> experimentByName(String name) throws IOException {
        try {
            String body = get("experiments/get-by-name?experiment_name=" + encode(name));
            Service.GetExperimentByName.Response.Builder r = Service.GetExperimentByName.Response.newBuilder();
            parse(body, r, "experiments/get-by-name");
            return Optional.of(r.getExperiment());
        } catch (ServerException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Returns the id of the experiment with this name, creating it if absent (race-safe: a
     * concurrent creation is found by name).
     */
    public String experimentId(String name) throws IOException {
        Optional<Service.Experiment> existing = experimentByName(name);
        if (existing.isPresent()) {
            return existing.get().getExperimentId();
        }
        try {
            String body = post("experiments/create", Service.CreateExperiment.newBuilder().setName(name));
            Service.CreateExperiment.Response.Builder r = Service.CreateExperiment.Response.newBuilder();
            parse(body, r, "experiments/create");
            return r.getExperimentId();
        } catch (ServerException e) {
            if (e.errorCode().equals("RESOURCE_ALREADY_EXISTS") || (e.uncertain() && e.status() != 0)) {
                Optional<Service.Experiment> created = experimentByName(name);
                if (created.isPresent()) {
                    return created.get().getExperimentId();
                }
            }
            throw e;
        }
    }

    /** Lists every active experiment. */
    public List<Service.Experiment> experiments() throws IOException {
        List<Service.Experiment> all = new ArrayList<>();
        String token = "";
        do {
            Service.SearchExperiments.Builder request = Service.SearchExperiments.newBuilder().setMaxResults(1000)
                    .setViewType(Service.ViewType.ACTIVE_ONLY);
            if (!token.isEmpty()) {
                request.setPageToken(token);
            }
            Service.SearchExperiments.Response.Builder r = Service.SearchExperiments.Response.newBuilder();
            parse(post("experiments/search", request), r, "experiments/search");
            all.addAll(r.getExperimentsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    // --- runs -----------------------------------------------------------------------------------

    /** Creates a run (not idempotent: callers look for it by its origin tag before retrying). */
    public Service.Run createRun(Service.CreateRun.Builder request) throws IOException {
        Service.CreateRun.Response.Builder r = Service.CreateRun.Response.newBuilder();
        parse(post("runs/create", request), r, "runs/create");
        return r.getRun();
    }

    /** Reads a run; empty if the server has no such run. */
    public Optional<Service.Run> run(String runId) throws IOException {
        try {
            Service.GetRun.Response.Builder r = Service.GetRun.Response.newBuilder();
            parse(get("runs/get?run_id=" + encode(runId)), r, "runs/get");
            return Optional.of(r.getRun());
        } catch (ServerException e) {
            if (e.status() == 404 || e.errorCode().equals("RESOURCE_DOES_NOT_EXIST")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Answers one page of {@code runs/search}. */
    public Service.SearchRuns.Response searchRuns(List<String> experimentIds, String filter, List<String> orderBy,
            int maxResults, Optional<String> pageToken) throws IOException {
        Service.SearchRuns.Builder request = Service.SearchRuns.newBuilder().addAllExperimentIds(experimentIds)
                .setFilter(filter).setMaxResults(maxResults).addAllOrderBy(orderBy)
                .setRunViewType(Service.ViewType.ACTIVE_ONLY);
        pageToken.ifPresent(request::setPageToken);
        Service.SearchRuns.Response.Builder r = Service.SearchRuns.Response.newBuilder();
        parse(post("runs/search", request), r, "runs/search");
        return r.build();
    }

    /** Sends one {@code runs/log-batch} (the caller keeps it within MLflow's limits). */
    public void logBatch(String runId, List<Service.Metric> metrics, List<Service.Param> params, List<Service.RunTag> tags)
            throws IOException {
        post("runs/log-batch", Service.LogBatch.newBuilder().setRunId(runId).addAllMetrics(metrics).addAllParams(params)
                .addAllTags(tags));
    }

    /** Sets a run's status, and its end time when given. */
    public void updateRun(String runId, Service.RunStatus status, Optional<Long> endTime) throws IOException {
        Service.UpdateRun.Builder request = Service.UpdateRun.newBuilder().setRunId(runId).setStatus(status);
        endTime.ifPresent(request::setEndTime);
        post("runs/update", request);
    }

    /** Reads a metric's whole history, page by page. */
    public List<Service.Metric> metricHistory(String runId, String key) throws IOException {
        List<Service.Metric> all = new ArrayList<>();
        String token = "";
        do {
            String path = "metrics/get-history?run_id=" + encode(runId) + "&metric_key=" + encode(key)
                    + "&max_results=25000" + (token.isEmpty() ? "" : "&page_token=" + encode(token));
            Service.GetMetricHistory.Response.Builder r = Service.GetMetricHistory.Response.newBuilder();
            parse(get(path), r, "metrics/get-history");
            all.addAll(r.getMetricsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    // --- artifacts (the mlflow-artifacts proxy) -------------------------------------------------

    /**
     * Uploads a file to a run's artifacts, streamed from disk.
     *
     * @param artifactUri the run's {@code artifact_uri} ({@code mlflow-artifacts:/<exp>/<run>/artifacts})
     * @param relativePath the '/'-separated path under it
     * @param file the file
     */
    public void putArtifact(String artifactUri, String relativePath, Path file) throws IOException {
        URI target = URI.create(base + ARTIFACTS_API + "/" + proxyPath(artifactUri) + "/" + encodePath(relativePath));
        HttpRequest request = authorized(HttpRequest.newBuilder(target)).timeout(timeout.multipliedBy(4))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        send(request, "PUT artifact " + relativePath);
    }

    /** Lists one folder of a run's artifacts ("" for the root). */
    public List<MlflowArtifacts.FileInfo> listArtifacts(String artifactUri, String directory) throws IOException {
        String path = proxyPath(artifactUri) + (directory.isEmpty() ? "" : "/" + directory);
        URI target = URI.create(base + ARTIFACTS_API + "?path=" + encode(path));
        String body = send(authorized(HttpRequest.newBuilder(target)).timeout(timeout).GET().build(), "list artifacts");
        MlflowArtifacts.ListArtifacts.Response.Builder r = MlflowArtifacts.ListArtifacts.Response.newBuilder();
        parse(body, r, "list artifacts");
        return r.getFilesList();
    }

    /** Downloads one artifact; empty if there is none. */
    public Optional<byte[]> artifact(String artifactUri, String relativePath) throws IOException {
        URI target = URI.create(base + ARTIFACTS_API + "/" + proxyPath(artifactUri) + "/" + encodePath(relativePath));
        HttpRequest request = authorized(HttpRequest.newBuilder(target)).timeout(timeout.multipliedBy(4)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() / 100 != 2) {
                throw failure("GET artifact " + relativePath, response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8), null);
            }
            return Optional.of(response.body());
        } catch (IOException e) {
            throw e instanceof ServerException s ? s : transportFailure("GET artifact " + relativePath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted while reading from " + base, 0, "", true, e);
        }
    }

    /**
     * The proxy path of a run's artifact root: {@code mlflow-artifacts:/1/abc/artifacts} (or with
     * an authority, {@code mlflow-artifacts://host:port/1/abc/artifacts}) becomes {@code 1/abc/artifacts}.
     */
    static String proxyPath(String artifactUri) throws ServerException {
        String prefix = "mlflow-artifacts:";
        if (!artifactUri.startsWith(prefix)) {
            throw new ServerException("the run's artifacts live at " + artifactUri + ", not behind the server's artifact"
                    + " proxy; start the server with --serve-artifacts (and no --default-artifact-root)", 400, "", false, null);
        }
        String rest = artifactUri.substring(prefix.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return rest;
    }

    // --- transport ------------------------------------------------------------------------------

    private String get(String pathAndQuery) throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(base + API + pathAndQuery)))
                .timeout(timeout).GET().build();
        return send(request, endpoint(pathAndQuery));
    }

    private String post(String path, MessageOrBuilder body) throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(base + API + path))).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PRINTER.print(body), StandardCharsets.UTF_8)).build();
        return send(request, path);
    }

    /** The JSON body {@link #post} sends for a message (for request-size accounting). */
    static String json(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.header("User-Agent", "vsc-lab");
        credentials.authorization().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private String send(HttpRequest request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw transportFailure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted while waiting for " + base + " (" + what + ")", 0, "", true, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(what, response.statusCode(), response.body(), null);
        }
        return response.body();
    }

    private ServerException transportFailure(String what, IOException e) {
        boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
        String how = e instanceof HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : neverSent ? "cannot connect" : "the connection failed (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        return new ServerException("MLflow server " + base + ": " + how + " (" + what + ")", 0, "", !neverSent, e);
    }

    private ServerException failure(String what, int status, String body, Throwable cause) {
        String code = "";
        String message = body == null ? "" : body.strip();
        if (message.startsWith("{")) {
            code = jsonField(message, "error_code");
            String m = jsonField(message, "message");
            message = m.isEmpty() ? message : m;
        }
        message = message.replaceAll("\\s+", " ");
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        String text;
        if (status == 401) {
            text = "MLflow server " + base + " refused the credentials (HTTP 401, " + credentials + "): "
                    + (credentials.authorization().isEmpty()
                            ? "set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN)"
                            : "check MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN)");
        } else if (status == 403) {
            text = "MLflow server " + base + " denied permission for " + what + " (HTTP 403, " + credentials + "): "
                    + message + "; ask the experiment's owner for EDIT permission";
        } else {
            text = "MLflow server " + base + " answered HTTP " + status + (code.isEmpty() ? "" : " " + code) + " to " + what
                    + (message.isEmpty() ? "" : ": " + message);
        }
        return new ServerException(text, status, code, status >= 500, cause);
    }

    private static <B extends Message.Builder> void parse(String body, B builder, String what) throws ServerException {
        try {
            PARSER.merge(body, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ServerException("unexpected answer to " + what + ": " + e.getMessage(), 200, "", false, e);
        }
    }

    /** A string field of a small JSON object (MLflow's error body); "" if absent. */
    private static String jsonField(String json, String field) {
        var m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\n", " ").replace("\\\"", "\"") : "";
    }

    private static String endpoint(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String relativePath) {
        StringBuilder sb = new StringBuilder();
        for (String segment : relativePath.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(encode(segment));
        }
        return sb.toString();
    }

    /** For diagnostics: the server, never the credentials. */
    @Override
    public String toString() {
        return "MlflowRest[" + base + ", " + credentials + "]";
    }
}
