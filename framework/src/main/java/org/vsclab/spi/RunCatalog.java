package org.vsclab.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to a tracking store, the same for a local {@code mlruns/} store and an MLflow server:
 * search runs with MLflow's filter syntax a page at a time, find one run, read a metric's history,
 * list and read artifacts. A catalog of a damaged store reads what it can and reports each file it
 * could not read in {@link #problems()}.
 */
public interface RunCatalog {

    /**
     * Answers one page of a search.
     *
     * @param query experiments, filter, order, page size and token
     * @return the page
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if the filter or order is malformed (the message says where)
     */
    RunPage search(RunQuery query) throws IOException;

    /**
     * Lists runs, newest first: every page of {@link #search}.
     *
     * @param experiment only runs of this experiment (by name), or all when empty
     * @return the runs
     * @throws IOException if the store cannot be read
     */
    default List<RunSummary> runs(Optional<String> experiment) throws IOException {
        RunQuery query = experiment.map(e -> RunQuery.all().inExperiments(e)).orElse(RunQuery.all());
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

    /**
     * Finds one run by its id or an unambiguous prefix of it.
     *
     * @param runIdOrPrefix the id or prefix
     * @return the run, or empty if none matches
     * @throws IOException if the store cannot be read
     * @throws IllegalArgumentException if the prefix matches several runs (it names them)
     */
    Optional<RunSummary> find(String runIdOrPrefix) throws IOException;

    /**
     * Reads every recorded value of one metric of a run, in the order recorded.
     *
     * @param run the run
     * @param key the metric's key
     * @return the history, empty if the run has no such metric
     * @throws IOException if the store cannot be read
     */
    List<MetricPoint> metricHistory(RunSummary run, String key) throws IOException;

    /**
     * Lists the artifacts directly in one folder of a run's artifact root.
     *
     * @param run the run
     * @param directory a '/'-separated folder path, or {@code ""} for the root
     * @return files and folders, sorted by path
     * @throws IOException if the store cannot be read
     */
    List<ArtifactEntry> artifacts(RunSummary run, String directory) throws IOException;

    /**
     * Reads one artifact of a run.
     *
     * @param run the run
     * @param relativePath a '/'-separated path under its artifact root
     * @return the bytes, or empty if the run has no such artifact
     * @throws IOException if the store cannot be read
     */
    Optional<byte[]> artifact(RunSummary run, String relativePath) throws IOException;

    /**
     * Returns the files this catalog could not read so far, once each, as "path: reason" lines
     * (malformed metric lines, files that are not UTF-8, missing or broken {@code meta.yaml}).
     * Stores that cannot be damaged this way return an empty list.
     *
     * @return the problems, in the order met
     */
    default List<String> problems() {
        return List.of();
    }
}
