package org.vsclab.tracking.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mlflow.api.proto.MlflowArtifacts;
import org.mlflow.api.proto.Service;
import org.vsclab.spi.ArtifactEntry;
import org.vsclab.spi.MetricPoint;
import org.vsclab.spi.RunCatalog;
import org.vsclab.spi.RunPage;
import org.vsclab.spi.RunQuery;
import org.vsclab.spi.RunStatus;
import org.vsclab.spi.RunSummary;
import org.vsclab.tracking.FileRunCatalog;

/**
 * Reads runs from an MLflow server: searches go to {@code runs/search} with the filter and order
 * as given (the server parses MLflow's syntax), metric histories to {@code metrics/get-history},
 * artifacts to the artifact proxy. A run can be found by its server id, by the id it had in the
 * write-ahead store where it was recorded ({@code vsc.origin-run-id}), or by a unique prefix of
 * either. Artifacts of a run recorded on this machine are read from the write-ahead store when it has
 * them (checkpoints of a run that was killed are there before they ever reach the server).
 */
final class ServerCatalog implements RunCatalog {

    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{32}");

    private final MlflowRest rest;
    private final Optional<FileRunCatalog> outbox;
    private Map<String, String> experimentNames;
    private Map<String, RunSummary> localRuns;

    ServerCatalog(MlflowRest rest) {
        this(rest, Optional.empty());
    }

    ServerCatalog(MlflowRest rest, Optional<java.nio.file.Path> outboxRoot) {
        this.rest = rest;
        this.outbox = outboxRoot.map(FileRunCatalog::new);
    }

    @Override
    public RunPage search(RunQuery query) throws IOException {
        List<String> ids = new ArrayList<>();
        if (query.experiments().isEmpty()) {
            ids.addAll(experimentNames().keySet());
        } else {
            for (String name : query.experiments()) {
                rest.experimentByName(name).ifPresent(e -> ids.add(e.getExperimentId()));
            }
        }
        if (ids.isEmpty()) {
            return new RunPage(List.of(), Optional.empty());
        }
        Service.SearchRuns.Response response;
        try {
            response = rest.searchRuns(ids, query.filter(), query.orderBy(), query.maxResults(), query.pageToken());
        } catch (ServerException e) {
            if (e.status() == 400) {
                throw new IllegalArgumentException("invalid filter or order for " + rest.uri() + ": " + e.getMessage(), e);
            }
            throw e;
        }
        List<RunSummary> runs = new ArrayList<>();
        for (Service.Run run : response.getRunsList()) {
            runs.add(summary(run));
        }
        String next = response.getNextPageToken();
        return new RunPage(runs, next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    @Override
    public Optional<RunSummary> find(String runIdOrPrefix) throws IOException {
        if (runIdOrPrefix == null || runIdOrPrefix.isEmpty()) {
            throw new IllegalArgumentException("run id or prefix must not be empty");
        }
        if (FULL_ID.matcher(runIdOrPrefix).matches()) {
            try {
                Optional<Service.Run> run = rest.run(runIdOrPrefix);
                if (run.isPresent()) {
                    return Optional.of(summary(run.get()));
                }
            } catch (ServerException e) {
                if (e.status() != 403) {     // the auth app answers 403 for a run it does not know
                    throw e;
                }
            }
        }
        String quoted = runIdOrPrefix.replace("'", "''");
        Map<String, RunSummary> matches = new LinkedHashMap<>();
        for (String filter : List.of("tags.`" + RunDelivery.ORIGIN_TAG + "` LIKE '" + quoted + "%'",
                "attributes.run_id LIKE '" + quoted + "%'")) {
            try {
                for (RunSummary run : runs(RunQuery.all().filter(filter))) {
                    matches.put(run.runId(), run);
                }
            } catch (IllegalArgumentException unsupported) {
                // a server that cannot filter run ids by prefix: only origin ids and full ids are found
            }
        }
        for (RunSummary run : matches.values()) {
            if (run.runId().equals(runIdOrPrefix) || runIdOrPrefix.equals(run.tags().get(RunDelivery.ORIGIN_TAG))) {
                return Optional.of(run);
            }
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("run id prefix '" + runIdOrPrefix + "' is ambiguous on " + rest.uri()
                    + "; it matches runs " + matches.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return matches.values().stream().findFirst();
    }

    private List<RunSummary> runs(RunQuery query) throws IOException {
        List<RunSummary> all = new ArrayList<>();
        while (true) {
            RunPage page = search(query);
            all.addAll(page.runs());
            if (page.nextPageToken().isEmpty()) {
                return all;
            }
            query = query.page(page.nextPageToken().get());
        }
    }

    @Override
    public List<MetricPoint> metricHistory(RunSummary run, String key) throws IOException {
        List<MetricPoint> points = new ArrayList<>();
        for (Service.Metric m : rest.metricHistory(run.runId(), key)) {
            points.add(new MetricPoint(m.getTimestamp(), m.getValue(), m.getStep()));
        }
        return points;
    }

    @Override
    public List<ArtifactEntry> artifacts(RunSummary run, String directory) throws IOException {
        String root = artifactUri(run);
        String prefix = MlflowRest.proxyPath(root) + "/";
        List<ArtifactEntry> entries = new ArrayList<>();
        for (MlflowArtifacts.FileInfo f : rest.listArtifacts(root, directory)) {
            String path = f.getPath();
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
            if (!directory.isEmpty() && !path.startsWith(directory + "/")) {
                path = directory + "/" + path;
            }
            entries.add(new ArtifactEntry(path, f.getIsDir(), f.getIsDir() ? 0 : f.getFileSize()));
        }
        entries.sort(java.util.Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public Optional<byte[]> artifact(RunSummary run, String relativePath) throws IOException {
        String origin = run.tags().get(RunDelivery.ORIGIN_TAG);
        if (origin != null && outbox.isPresent()) {
            Optional<RunSummary> local = outbox.get().find(origin).filter(r -> r.runId().equals(origin));
            if (local.isPresent()) {
                Optional<byte[]> bytes = outbox.get().artifact(local.get(), relativePath);
                if (bytes.isPresent()) {
                    return bytes;
                }
            }
        }
        return rest.artifact(artifactUri(run), relativePath);
    }

    private String artifactUri(RunSummary run) throws IOException {
        return rest.run(run.runId()).map(r -> r.getInfo().getArtifactUri())
                .orElseThrow(() -> new IOException("MLflow server " + rest.uri() + " has no run " + run.runId()));
    }

    private Map<String, String> experimentNames() throws IOException {
        if (experimentNames == null) {
            Map<String, String> names = new TreeMap<>();
            for (Service.Experiment e : rest.experiments()) {
                names.put(e.getExperimentId(), e.getName());
            }
            experimentNames = names;
        }
        return experimentNames;
    }

    private RunSummary summary(Service.Run run) throws IOException {
        Service.RunInfo info = run.getInfo();
        Map<String, String> params = new TreeMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        Map<String, Double> metrics = new TreeMap<>();
        run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        Map<String, String> tags = new TreeMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        String experiment = experimentNames().get(info.getExperimentId());
        if (experiment == null) {
            experimentNames = null;
            experiment = experimentNames().getOrDefault(info.getExperimentId(), info.getExperimentId());
        }
        RunStatus status = RunStatus.valueOf(info.getStatus().name());
        return new RunSummary(info.getRunId(), info.getExperimentId(), experiment, info.getRunName(),
                status, info.getStartTime(),
                info.hasEndTime() && info.getEndTime() > 0 ? Optional.of(info.getEndTime()) : Optional.empty(),
                Collections.unmodifiableMap(params), Collections.unmodifiableMap(metrics),
                Collections.unmodifiableMap(tags), status == RunStatus.RUNNING ? localLiveness(tags) : Optional.empty());
    }

    /** Whether a RUNNING server run recorded on this machine is lost, as its write-ahead copy tells. */
    private Optional<String> localLiveness(Map<String, String> tags) throws IOException {
        String origin = tags.get(RunDelivery.ORIGIN_TAG);
        if (origin == null || outbox.isEmpty()) {
            return Optional.empty();
        }
        if (localRuns == null) {
            localRuns = new java.util.HashMap<>();
            for (RunSummary r : outbox.get().runs(Optional.empty())) {
                localRuns.put(r.runId(), r);
            }
        }
        RunSummary local = localRuns.get(origin);
        return local == null ? Optional.empty() : local.lost();
    }

    @Override
    public String toString() {
        return "ServerCatalog[" + rest.uri() + "]";
    }
}
